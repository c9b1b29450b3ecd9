// Strict human durations: "<number><unit>" parts with units h, m, s in that order, or one bare
// number of seconds. Anything else ("10x", "m", "1h 2h", "-5s") is an error, never a guess.
#include "genlab/core/duration.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

#include "genlab/core/check.h"

namespace genlab::core {
namespace {

// Reads digits with at most one '.', at least one digit; advances pos. Returns false on no number.
bool read_number(std::string_view text, size_t& pos, double& out) {
  const size_t begin = pos;
  int digits = 0;
  bool dot = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
    ++pos;
  }
  if (digits == 0) return false;
  // from_chars, unlike stod, ignores the locale's decimal separator.
  return std::from_chars(text.data() + begin, text.data() + pos, out).ec == std::errc();
}

}  // namespace

double parse_duration(const std::string& text, const std::string& what) {
  auto bad = [&]() { fail("{}: cannot read duration '{}'; use e.g. 90s, 10m, 1h30m", what, text); };
  const std::string_view units = "hms";
  const double unit_seconds[] = {3600.0, 60.0, 1.0};

  double total = 0;
  size_t pos = 0;
  size_t next_unit = 0;  // units must come in order h, m, s, each at most once
  int parts = 0;
  while (pos < text.size()) {
    double number = 0;
    if (!read_number(text, pos, number)) bad();
    if (pos == text.size()) {
      if (parts > 0) bad();  // "1h30" is ambiguous; a bare number stands alone
      total = number;
      ++parts;
      break;
    }
    const size_t unit = units.find(text[pos]);
    if (unit == std::string_view::npos || unit < next_unit) bad();
    total += number * unit_seconds[unit];
    next_unit = unit + 1;
    ++pos;
    ++parts;
  }
  if (parts == 0) bad();
  if (!(total > 0) || !std::isfinite(total))
    fail("{}: duration '{}' must be greater than zero; use e.g. 90s, 10m, 1h30m", what, text);
  return total;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  if (seconds < 59.95) return fmt::format("{:.1f}s", seconds);
  const int64_t total = std::llround(seconds);
  const int64_t h = total / 3600, m = total / 60 % 60, s = total % 60;
  if (h > 0) return fmt::format("{}h{:02}m{:02}s", h, m, s);
  return fmt::format("{}m{:02}s", m, s);
}

}  // namespace genlab::core
