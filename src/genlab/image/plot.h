// Line charts as self-contained SVG (loss curves in RUN/report/). Torch-free, no dependencies.
#pragma once

#include <string>
#include <vector>

namespace genlab::image {

struct Series {
  std::string name;       // legend text
  std::vector<double> x;  // same length as y
  std::vector<double> y;
};

struct PlotOptions {
  std::string title;
  std::string x_label = "step";
  std::string y_label = "loss";
  int width = 800;   // px
  int height = 420;  // px
  bool log_y = false;
};

// Returns an SVG document with axes, ticks, a legend and one polyline per series; non-finite points
// are skipped. An empty plot (no points) still renders axes and the title.
std::string svg_line_plot(const std::vector<Series>& series, const PlotOptions& options);

}  // namespace genlab::image
