// Line charts as one self-contained SVG string: axes with "nice" ticks (1, 2, 5 x 10^k), optional
// log y axis, one coloured polyline per series and a legend. No fonts or scripts are referenced, so
// the file renders the same in any browser. Not a general plotting library.
#include "genlab/image/plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "genlab/core/check.h"

namespace genlab::image {
namespace {

constexpr double k_left = 72, k_right = 24, k_top = 44, k_bottom = 52;  // margins, px

// Tableau 10: distinct to most readers, colour-blind friendlier than pure hues.
constexpr const char* k_palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                     "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string series_colour(size_t i) {
  constexpr size_t n = sizeof k_palette / sizeof k_palette[0];
  if (i < n) return k_palette[i];
  // Beyond the palette, spread hues by the golden angle so neighbours stay apart.
  const double hue = std::fmod(static_cast<double>(i) * 137.50776, 360.0);
  return fmt::format("hsl({:.0f},65%,45%)", hue);
}

std::string escape_xml(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) { lo = std::min(lo, v), hi = std::max(hi, v); }
  bool empty() const { return lo > hi; }
};

// Gives a degenerate or empty range some width so the scale never divides by zero.
Range widened(Range r) {
  if (r.empty()) return Range{0, 1};
  if (r.hi - r.lo <= 0) {
    const double half = r.lo == 0 ? 0.5 : std::abs(r.lo) * 0.1;
    return Range{r.lo - half, r.hi + half};
  }
  return r;
}

double nice_step(double span, int target_ticks) {
  const double raw = span / target_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * magnitude;
}

std::vector<double> linear_ticks(double lo, double hi, int target_ticks) {
  const double step = nice_step(hi - lo, target_ticks);
  std::vector<double> ticks;
  // The count cap guards against ranges far from zero where k + 1 == k in doubles.
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9 && ticks.size() < 50;
       k += 1)
    ticks.push_back(k * step == 0 ? 0.0 : k * step);  // no "-0"
  return ticks;
}

std::string tick_label(double v, double step) {
  if (v == 0) return "0";
  const double a = std::abs(v);
  if (a >= 1e6 || a < 1e-4) return fmt::format("{:g}", v);
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  return fmt::format("{:.{}f}", v, decimals);
}

}  // namespace

std::string svg_line_plot(const std::vector<Series>& series, const PlotOptions& options) {
  const double w = options.width, h = options.height;
  const double plot_w = std::max(1.0, w - k_left - k_right);
  const double plot_h = std::max(1.0, h - k_top - k_bottom);
  auto usable = [&](double x, double y) {
    return std::isfinite(x) && std::isfinite(y) && (!options.log_y || y > 0);
  };

  // Data ranges; the y range lives in log10 space when log_y is set.
  Range xr, yr;
  for (const Series& s : series) {
    GENLAB_CHECK(s.x.size() == s.y.size(), "svg_line_plot: series '{}' has {} x and {} y values",
                 s.name, s.x.size(), s.y.size());
    for (size_t i = 0; i < s.x.size(); ++i)
      if (usable(s.x[i], s.y[i]))
        xr.add(s.x[i]), yr.add(options.log_y ? std::log10(s.y[i]) : s.y[i]);
  }
  xr = widened(xr);
  yr = widened(yr);
  auto px = [&](double x) { return k_left + (x - xr.lo) / (xr.hi - xr.lo) * plot_w; };
  auto py = [&](double y) { return k_top + plot_h - (y - yr.lo) / (yr.hi - yr.lo) * plot_h; };

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
      options.width, options.height);
  if (!options.title.empty())
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{}</text>\n", w / 2,
        escape_xml(options.title));

  // Grid lines and tick labels.
  const std::vector<double> xticks = linear_ticks(xr.lo, xr.hi, 6);
  const double xstep = xticks.size() > 1 ? xticks[1] - xticks[0] : 1;
  for (const double t : xticks)
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#e5e5e5\"/>\n"
        "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>\n",
        px(t), k_top, k_top + plot_h, k_top + plot_h + 16, escape_xml(tick_label(t, xstep)));

  std::vector<std::pair<double, std::string>> yticks;  // position in y space, label
  if (options.log_y && yr.hi - yr.lo >= 1) {
    for (double e = std::ceil(yr.lo); e <= yr.hi + 1e-9; e += 1)
      yticks.emplace_back(e, fmt::format("{:g}", std::pow(10.0, e)));
  } else if (options.log_y) {
    // Less than a decade: linear ticks in value space, placed logarithmically.
    const double lo = std::pow(10.0, yr.lo), hi = std::pow(10.0, yr.hi);
    const std::vector<double> values = linear_ticks(lo, hi, 5);
    const double step = values.size() > 1 ? values[1] - values[0] : 1;
    for (const double v : values)
      if (v > 0) yticks.emplace_back(std::log10(v), tick_label(v, step));
  } else {
    const std::vector<double> values = linear_ticks(yr.lo, yr.hi, 6);
    const double step = values.size() > 1 ? values[1] - values[0] : 1;
    for (const double v : values) yticks.emplace_back(v, tick_label(v, step));
  }
  for (const auto& [t, label] : yticks)
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#e5e5e5\"/>\n"
        "<text x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
        k_left, py(t), k_left + plot_w, k_left - 6, py(t) + 4, escape_xml(label));

  // Axes frame and axis labels.
  svg += fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"#333\"/>\n",
      k_left, k_top, plot_w, plot_h);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                     k_left + plot_w / 2, h - 12, escape_xml(options.x_label));
  svg += fmt::format(
      "<text x=\"16\" y=\"{0:.1f}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {0:.1f})\">"
      "{1}</text>\n",
      k_top + plot_h / 2, escape_xml(options.y_label + (options.log_y ? " (log)" : "")));

  // One polyline per series, then the legend in the top-right corner.
  for (size_t si = 0; si < series.size(); ++si) {
    const Series& s = series[si];
    std::string points;
    for (size_t i = 0; i < s.x.size(); ++i) {
      if (!usable(s.x[i], s.y[i])) continue;
      const double y = options.log_y ? std::log10(s.y[i]) : s.y[i];
      points += fmt::format("{}{:.2f},{:.2f}", points.empty() ? "" : " ", px(s.x[i]), py(y));
    }
    if (points.empty()) continue;
    svg +=
        fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" points=\"{}\"/>\n",
                    series_colour(si), points);
  }
  for (size_t si = 0; si < series.size(); ++si) {
    const double y = k_top + 14 + 16 * static_cast<double>(si);
    const double x = k_left + plot_w - 150;
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"{3}\" "
        "stroke-width=\"3\"/>\n<text x=\"{4:.1f}\" y=\"{5:.1f}\">{6}</text>\n",
        x, y, x + 18, series_colour(si), x + 24, y + 4, escape_xml(series[si].name));
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace genlab::image
