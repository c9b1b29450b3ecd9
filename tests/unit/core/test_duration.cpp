// Tests for core/duration: the strict parser (table of accepted and rejected texts) and formatting.
#include <gtest/gtest.h>

#include "genlab/core/duration.h"
#include "genlab/core/error.h"

namespace genlab::core {
namespace {

TEST(Duration, ParsesTable) {
  struct Case {
    std::string text;
    double seconds;
  };
  const Case cases[] = {
      {"90s", 90},       {"10m", 600},    {"1h30m", 5400}, {"2h", 7200},
      {"45", 45},        {"1.5h", 5400},  {"0.5", 0.5},    {"1h2m3s", 3723},
      {"1m30.5s", 90.5}, {"2h15s", 7215}, {".5m", 30},
  };
  for (const Case& c : cases) EXPECT_DOUBLE_EQ(parse_duration(c.text), c.seconds) << c.text;
}

TEST(Duration, RejectsTable) {
  const char* cases[] = {"",      "m",  "10x", "1h1h", "30m1h", "1h30", "-5s", "5 s",
                         "1..5s", "h1", "0",   "0s",   "0h0m",  "1e3s", "s10"};
  for (const char* text : cases) {
    try {
      parse_duration(text, "--time-budget");
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(std::string("--time-budget: "), 0), 0u) << e.what();
    }
  }
}

TEST(Duration, MessageNamesTextAndExamples) {
  try {
    parse_duration("10x", "--time-budget");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--time-budget: cannot read duration '10x'; use e.g. 90s, 10m, 1h30m");
  }
}

TEST(Duration, FormatsTable) {
  struct Case {
    double seconds;
    std::string text;
  };
  const Case cases[] = {
      {12.34, "12.3s"},   {0, "0.0s"},          {245, "4m05s"}, {60, "1m00s"},
      {3723, "1h02m03s"}, {36000, "10h00m00s"}, {-1, "--"},
  };
  for (const Case& c : cases) EXPECT_EQ(format_duration(c.seconds), c.text) << c.seconds;
}

}  // namespace
}  // namespace genlab::core
