// Human durations for --time-budget and friends: "90s", "10m", "1h30m", "2h", "45" (seconds),
// fractions allowed ("1.5h"). Torch-free.
#pragma once

#include <string>

namespace genlab::core {

// Returns seconds (> 0). Throws Error "<what>: cannot read duration '<text>'; use e.g. 90s, 10m, 1h30m".
double parse_duration(const std::string& text, const std::string& what = "duration");

// "1h02m03s", "4m05s", "12.3s" — for progress lines.
std::string format_duration(double seconds);

}  // namespace genlab::core
