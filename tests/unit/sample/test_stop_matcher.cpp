// Tests for sample/stop_matcher: a table of piece sequences with the text printed after each piece
// and where the stop happens (split stop strings, false alarms, overlapping prefixes, several stop
// strings), plus flush and the empty-stop error.
#include <gtest/gtest.h>

#include "genlab/core/error.h"
#include "genlab/sample/stop_matcher.h"

namespace genlab::sample {
namespace {

TEST(StopMatcher, Table) {
  struct Case {
    const char* what;
    std::vector<std::string> stops;
    std::vector<std::string> pieces;
    std::vector<std::string> printed;  // per piece
    int stop_at;                       // index of the piece that completes a stop; -1 = none
  };
  const std::vector<Case> cases = {
      {"no stop strings", {}, {"ab", "c"}, {"ab", "c"}, -1},
      {"stop inside one piece", {"END"}, {"abENDcd"}, {"ab"}, 0},
      {"stop split over pieces", {"\n\n"}, {"Hello\n", "\nWorld"}, {"Hello", ""}, 1},
      {"stop split over three pieces", {"END"}, {"abE", "N", "Dxyz"}, {"ab", "", ""}, 2},
      {"false alarm is released", {"END"}, {"abE", "Nx", "y"}, {"ab", "ENx", "y"}, -1},
      {"overlapping prefix", {"aab"}, {"a", "a", "a", "b"}, {"", "", "a", ""}, 3},
      {"longest held tail of several stops", {"cd", "bcx"}, {"abc", "d"}, {"a", "b"}, 1},
      {"earliest stop wins", {"world", "lo"}, {"hello world"}, {"hel"}, 0},
      {"stop at the very start", {"<|end|>"}, {"<|", "end|>"}, {"", ""}, 1},
      {"nothing after a stop", {"x"}, {"ax", "more"}, {"a", ""}, 0},
      {"multi-byte text passes whole", {"é!"}, {"caf\xc3\xa9", " ok"}, {"caf", "\xc3\xa9 ok"}, -1},
  };
  for (const Case& c : cases) {
    StopMatcher matcher(c.stops);
    int stopped_at = -1;
    for (size_t i = 0; i < c.pieces.size(); ++i) {
      const StopMatcher::Result r = matcher.feed(c.pieces[i]);
      EXPECT_EQ(r.text, c.printed[i]) << c.what << ", piece " << i;
      if (r.stopped) {
        EXPECT_EQ(stopped_at, -1) << c.what << ": stopped twice";
        stopped_at = static_cast<int>(i);
      }
    }
    EXPECT_EQ(stopped_at, c.stop_at) << c.what;
    EXPECT_EQ(matcher.stopped(), c.stop_at >= 0) << c.what;
  }
}

TEST(StopMatcher, FlushReleasesTheHeldTailUnlessStopped) {
  StopMatcher matcher({"END"});
  EXPECT_EQ(matcher.feed("abEN").text, "ab");
  EXPECT_EQ(matcher.flush(), "EN");
  EXPECT_EQ(matcher.flush(), "");

  StopMatcher stopped({"END"});
  EXPECT_TRUE(stopped.feed("aEND").stopped);
  EXPECT_EQ(stopped.flush(), "");
}

TEST(StopMatcher, EmptyStopStringIsAnError) {
  try {
    StopMatcher matcher({"a", ""});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "stop strings: stop string 1 is empty");
  }
}

}  // namespace
}  // namespace genlab::sample
