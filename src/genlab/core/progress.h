// Progress for long work: on a terminal, one redrawn line with a bar, step, status, rate and ETA;
// otherwise plain lines, one every `plain_interval_s` seconds and at the end, so logs stay readable.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace genlab::core {

struct ProgressOptions {
  std::string label;              // printed first, e.g. "train gan-mlp"
  std::string unit = "step";      // what one count is, for the rate ("steps/s")
  bool tty = false;               // true: redraw one line with '\r'; false: plain lines
  double plain_interval_s = 10.0; // plain mode: seconds between lines
  std::FILE* out = stderr;        // where to print
};

class Progress {
 public:
  // total: the count at which the work is done; start: where it begins (a resumed run starts > 0).
  Progress(int64_t total, int64_t start, ProgressOptions options);
  // Reports `done` counts finished, with a short status such as "d 0.612 g 0.830".
  void update(int64_t done, const std::string& status);
  // Prints the final line (always, in both modes) and ends the redrawn line.
  void finish(const std::string& status);

  // The line that update() would print now, without printing it (for tests): the text only, without
  // the terminal's '\r' and erase-to-end-of-line or plain mode's newline. Terminal mode draws a
  // 20-cell bar after the label; the rate and ETA appear once some counts are done.
  std::string render(int64_t done, const std::string& status) const;

  static bool stderr_is_tty();

 private:
  using Clock = std::chrono::steady_clock;
  int64_t m_total;
  int64_t m_start;
  ProgressOptions m_options;
  Clock::time_point m_t0;
  Clock::time_point m_last_print;
  int64_t m_last_done;
};

}  // namespace genlab::core
