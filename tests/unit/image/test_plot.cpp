// Tests for image/plot: the SVG holds a title, escaped text, one polyline per series with distinct
// colours, a legend, nice tick labels, skips non-finite points and supports a log y axis.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "genlab/image/plot.h"

namespace genlab::image {
namespace {

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

std::vector<std::string> attribute_values(const std::string& svg, const std::string& element,
                                          const std::string& attribute) {
  std::vector<std::string> values;
  for (size_t pos = svg.find("<" + element); pos != std::string::npos;
       pos = svg.find("<" + element, pos + 1)) {
    const size_t a = svg.find(attribute + "=\"", pos) + attribute.size() + 2;
    values.push_back(svg.substr(a, svg.find('"', a) - a));
  }
  return values;
}

TEST(Plot, TwoSeriesWithLegendAndDistinctColours) {
  PlotOptions options;
  options.title = "loss <gan> & \"friends\"";
  const std::vector<Series> series = {
      {"d_loss", {0, 100, 200, 300}, {1.4, 1.1, 0.9, 0.8}},
      {"g_loss", {0, 100, 200, 300}, {0.7, 1.9, 2.2, 2.0}},
  };
  const std::string svg = svg_line_plot(series, options);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_NE(svg.find("loss &lt;gan&gt; &amp; &quot;friends&quot;"), std::string::npos);
  EXPECT_EQ(svg.find("<gan>"), std::string::npos);
  EXPECT_EQ(count_of(svg, "<polyline"), 2u);
  EXPECT_NE(svg.find(">d_loss</text>"), std::string::npos);
  EXPECT_NE(svg.find(">g_loss</text>"), std::string::npos);
  const std::vector<std::string> colours = attribute_values(svg, "polyline", "stroke");
  EXPECT_EQ(std::set<std::string>(colours.begin(), colours.end()).size(), 2u);
  // Nice ticks: 0, 50, ..., 300 on x.
  for (const char* label : {">0</text>", ">50</text>", ">100</text>", ">300</text>"})
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  EXPECT_NE(svg.find(">step</text>"), std::string::npos);
}

TEST(Plot, ManySeriesGetDistinctColours) {
  std::vector<Series> series;
  for (int i = 0; i < 14; ++i) series.push_back({"s" + std::to_string(i), {0, 1}, {0, double(i)}});
  const std::vector<std::string> colours =
      attribute_values(svg_line_plot(series, {}), "polyline", "stroke");
  ASSERT_EQ(colours.size(), 14u);
  EXPECT_EQ(std::set<std::string>(colours.begin(), colours.end()).size(), 14u);
}

TEST(Plot, NonFinitePointsAreSkipped) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::string svg =
      svg_line_plot({{"loss", {0, 1, 2, 3, 4}, {1.0, nan, inf, 0.5, 0.25}}}, {});
  const std::vector<std::string> points = attribute_values(svg, "polyline", "points");
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(count_of(points[0], ","), 3u) << points[0];
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

TEST(Plot, EmptyPlotStillHasAxesAndTitle) {
  PlotOptions options;
  options.title = "nothing yet";
  const std::string svg = svg_line_plot({}, options);
  EXPECT_NE(svg.find(">nothing yet</text>"), std::string::npos);
  EXPECT_EQ(count_of(svg, "<polyline"), 0u);
  EXPECT_NE(svg.find("<rect x="), std::string::npos);
  const std::string flat = svg_line_plot({{"flat", {5, 5}, {2, 2}}}, options);  // zero ranges
  EXPECT_EQ(count_of(flat, "<polyline"), 1u);
  EXPECT_EQ(flat.find("nan"), std::string::npos);
}

TEST(Plot, LogYUsesDecadesAndSkipsNonPositive) {
  PlotOptions options;
  options.log_y = true;
  const std::string svg = svg_line_plot({{"loss", {0, 1, 2, 3}, {100, 1, 0.01, -1}}}, options);
  for (const char* label :
       {">0.01</text>", ">0.1</text>", ">1</text>", ">10</text>", ">100</text>"})
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  const std::vector<std::string> points = attribute_values(svg, "polyline", "points");
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(count_of(points[0], ","), 3u) << points[0];
  EXPECT_NE(svg.find("loss (log)"), std::string::npos);
}

}  // namespace
}  // namespace genlab::image
