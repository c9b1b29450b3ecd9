// Progress lines: one redrawn line on a terminal, periodic plain lines in logs. The rate counts
// only the work done since construction, so a resumed run does not claim the old steps as its own
// speed.
#include "genlab/core/progress.h"

#include <unistd.h>

#include <algorithm>

#include "genlab/core/check.h"
#include "genlab/core/duration.h"

namespace genlab::core {
namespace {

constexpr int k_bar_cells = 20;
constexpr double k_tty_redraw_s = 0.1;  // redrawing faster than the eye only costs time
constexpr const char* k_erase_to_eol = "\x1b[K";

double seconds_between(std::chrono::steady_clock::time_point a,
                       std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

Progress::Progress(int64_t total, int64_t start, ProgressOptions options)
    : m_total(total),
      m_start(start),
      m_options(std::move(options)),
      m_t0(Clock::now()),
      m_last_print(m_t0),
      m_last_done(start) {}

std::string Progress::render(int64_t done, const std::string& status) const {
  std::string line = m_options.label;
  if (m_options.tty && m_total > 0) {
    const int64_t clamped = std::clamp<int64_t>(done, 0, m_total);
    const int filled = static_cast<int>(clamped * k_bar_cells / m_total);
    line += " [" + std::string(filled, '#') + std::string(k_bar_cells - filled, '.') + "]";
  }
  line += m_total > 0 ? fmt::format(" {}/{}", done, m_total) : fmt::format(" {}", done);
  if (!status.empty()) line += " " + status;

  const double elapsed = seconds_between(m_t0, Clock::now());
  const int64_t counted = done - m_start;
  if (counted > 0 && elapsed > 0) {
    const double rate = static_cast<double>(counted) / elapsed;
    line += fmt::format(" | {:.1f} {}s/s", rate, m_options.unit);
    if (m_total > 0 && done >= m_total)
      line += " | took " + format_duration(elapsed);
    else if (m_total > 0)
      line += " | ETA " + format_duration(static_cast<double>(m_total - done) / rate);
  }
  return line;
}

void Progress::update(int64_t done, const std::string& status) {
  m_last_done = done;
  const Clock::time_point now = Clock::now();
  const double since_print = seconds_between(m_last_print, now);
  if (m_options.tty) {
    if (since_print < k_tty_redraw_s && done < m_total) return;
    std::fprintf(m_options.out, "\r%s%s", render(done, status).c_str(), k_erase_to_eol);
  } else {
    if (since_print < m_options.plain_interval_s) return;
    std::fprintf(m_options.out, "%s\n", render(done, status).c_str());
  }
  std::fflush(m_options.out);
  m_last_print = now;
}

void Progress::finish(const std::string& status) {
  const std::string line = render(m_last_done, status);
  if (m_options.tty)
    std::fprintf(m_options.out, "\r%s%s\n", line.c_str(), k_erase_to_eol);
  else
    std::fprintf(m_options.out, "%s\n", line.c_str());
  std::fflush(m_options.out);
  m_last_print = Clock::now();
}

bool Progress::stderr_is_tty() { return ::isatty(2) == 1; }

}  // namespace genlab::core
