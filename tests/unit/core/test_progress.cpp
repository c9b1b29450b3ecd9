// Tests for core/progress: the content of rendered lines in terminal and plain mode, and what
// update()/finish() print. No timing assertions: only the clock-free parts are checked exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "genlab/core/progress.h"

namespace genlab::core {
namespace {

// Captures what a Progress prints, through a memory stream.
struct Capture {
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* file = open_memstream(&buffer, &size);
  ~Capture() {
    std::fclose(file);
    std::free(buffer);
  }
  std::string text() {
    std::fflush(file);
    return std::string(buffer, size);
  }
};

ProgressOptions options(bool tty, std::FILE* out = stderr) {
  ProgressOptions o;
  o.label = "train gan";
  o.tty = tty;
  o.out = out;
  return o;
}

TEST(Progress, TerminalLineHasBarCountStatusRateAndEta) {
  Progress progress(/*total=*/5000, /*start=*/0, options(/*tty=*/true));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));  // some elapsed time for a rate
  const std::string line = progress.render(1250, "d 0.61 g 0.83");
  EXPECT_EQ(line.rfind("train gan [#####...............] 1250/5000 d 0.61 g 0.83 | ", 0), 0u)
      << line;
  EXPECT_NE(line.find(" steps/s | ETA "), std::string::npos) << line;
  EXPECT_EQ(line.find('\r'), std::string::npos);
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(Progress, BarFillsTable) {
  struct Case {
    int64_t done;
    std::string bar;
  };
  const Case cases[] = {
      {0, "[....................]"},   {50, "[##########..........]"},
      {99, "[###################.]"},  {100, "[####################]"},
      {150, "[####################]"},
  };
  Progress progress(100, 0, options(true));
  for (const Case& c : cases) {
    const std::string line = progress.render(c.done, "");
    EXPECT_NE(line.find(c.bar), std::string::npos) << line;
  }
}

TEST(Progress, PlainLineHasNoBar) {
  Progress progress(5000, 0, options(/*tty=*/false));
  const std::string line = progress.render(1234, "loss 2.1");
  EXPECT_EQ(line.rfind("train gan 1234/5000 loss 2.1", 0), 0u) << line;
  EXPECT_EQ(line.find('['), std::string::npos) << line;
}

TEST(Progress, NoRateBeforeAnyWorkSinceStart) {
  // A resumed run: the 4000 steps before `start` are not this run's speed.
  Progress progress(5000, /*start=*/4000, options(false));
  EXPECT_EQ(progress.render(4000, "x"), "train gan 4000/5000 x");
}

TEST(Progress, UnitNamesTheRate) {
  ProgressOptions o = options(false);
  o.unit = "token";
  Progress progress(100, 0, o);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_NE(progress.render(10, "").find(" tokens/s | ETA "), std::string::npos);
}

TEST(Progress, PlainModeThrottlesAndFinishAlwaysPrints) {
  Capture capture;
  ProgressOptions o = options(false, capture.file);
  o.plain_interval_s = 3600;  // no periodic line during the test
  Progress progress(10, 0, o);
  for (int i = 1; i <= 10; ++i) progress.update(i, "loss 1");
  EXPECT_EQ(capture.text(), "");
  progress.finish("loss 0.5");
  const std::string text = capture.text();
  EXPECT_EQ(text.rfind("train gan 10/10 loss 0.5", 0), 0u) << text;
  EXPECT_NE(text.find(" | took "), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST(Progress, TerminalModeRedrawsOneLine) {
  Capture capture;
  Progress progress(10, 0, options(true, capture.file));
  progress.update(10, "done");  // the last count is always drawn
  progress.finish("done");
  const std::string text = capture.text();
  EXPECT_EQ(text.rfind("\rtrain gan [####################] 10/10 done", 0), 0u) << text;
  EXPECT_NE(text.find("\x1b[K\rtrain gan"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - 4), "\x1b[K\n");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

}  // namespace
}  // namespace genlab::core
