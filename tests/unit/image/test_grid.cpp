// Tests for image/grid: tile layout and padding, upscale, channel conversion.
#include <gtest/gtest.h>

#include "genlab/core/error.h"
#include "genlab/image/grid.h"

namespace genlab::image {
namespace {

Image solid(int w, int h, int channels, uint8_t value) {
  Image im;
  im.width = w;
  im.height = h;
  im.channels = channels;
  im.pixels.assign(static_cast<size_t>(w) * h * channels, value);
  return im;
}

uint8_t at(const Image& im, int x, int y, int c = 0) {
  return im.pixels[(static_cast<size_t>(y) * im.width + x) * im.channels + c];
}

TEST(Grid, TileSizesTable) {
  struct Case {
    int n, cols, pad;
    int width, height;
  };
  const Case cases[] = {
      {4, 0, 2, 2 * 3 + 3 * 2, 2 * 2 + 3 * 2},  // near-square: 2x2
      {5, 0, 2, 3 * 3 + 4 * 2, 2 * 2 + 3 * 2},  // 3 columns, 2 rows
      {3, 8, 0, 3 * 3, 2},                      // cols reduced to n
      {6, 2, 1, 2 * 3 + 3, 3 * 2 + 4},
  };
  for (const Case& c : cases) {
    const Image out = tile(std::vector<Image>(c.n, solid(3, 2, 1, 255)), c.cols, c.pad);
    EXPECT_EQ(out.width, c.width) << c.n << " " << c.cols;
    EXPECT_EQ(out.height, c.height) << c.n << " " << c.cols;
  }
}

TEST(Grid, TilePlacesImagesAndPads) {
  const std::vector<Image> images = {solid(2, 2, 1, 10), solid(2, 2, 1, 20), solid(2, 2, 1, 30)};
  const Image out = tile(images, /*cols=*/2, /*pad=*/1, /*pad_value=*/7);
  ASSERT_EQ(out.width, 7);
  ASSERT_EQ(out.height, 7);
  EXPECT_EQ(at(out, 0, 0), 7);
  EXPECT_EQ(at(out, 1, 1), 10);
  EXPECT_EQ(at(out, 2, 2), 10);
  EXPECT_EQ(at(out, 3, 1), 7);
  EXPECT_EQ(at(out, 4, 1), 20);
  EXPECT_EQ(at(out, 1, 4), 30);
  EXPECT_EQ(at(out, 4, 4), 7);  // the empty fourth cell stays padding
}

TEST(Grid, TileRejectsMixedSizes) {
  EXPECT_THROW(tile({solid(2, 2, 1, 0), solid(3, 2, 1, 0)}), InternalError);
  EXPECT_THROW(tile({}), InternalError);
}

TEST(Grid, Upscale) {
  Image im = solid(2, 1, 3, 0);
  im.pixels = {1, 2, 3, 4, 5, 6};
  const Image out = upscale(im, 3);
  ASSERT_EQ(out.width, 6);
  ASSERT_EQ(out.height, 3);
  EXPECT_EQ(at(out, 2, 2, 1), 2);
  EXPECT_EQ(at(out, 3, 0, 2), 6);
  EXPECT_EQ(upscale(im, 1).pixels, im.pixels);
}

TEST(Grid, ConvertChannelsTable) {
  struct Case {
    uint8_t r, g, b, grey;
  };
  const Case cases[] = {{0, 0, 0, 0},     {255, 255, 255, 255}, {255, 0, 0, 76},
                        {0, 255, 0, 150}, {0, 0, 255, 29},      {10, 20, 30, 18}};
  for (const Case& c : cases) {
    Image rgb = solid(1, 1, 3, 0);
    rgb.pixels = {c.r, c.g, c.b};
    EXPECT_EQ(convert_channels(rgb, 1).pixels, std::vector<uint8_t>{c.grey});
  }
  const Image grey = solid(2, 1, 1, 77);
  const Image rgb = convert_channels(grey, 3);
  EXPECT_EQ(rgb.channels, 3);
  EXPECT_EQ(rgb.pixels, std::vector<uint8_t>(6, 77));
  EXPECT_EQ(convert_channels(grey, 1).pixels, grey.pixels);
}

}  // namespace
}  // namespace genlab::image
