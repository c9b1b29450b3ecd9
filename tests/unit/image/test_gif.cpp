// Tests for image/gif: grey frames round trip exactly, RGB frames map to the 6x7x6 cube (exact on
// cube colours, nearest level otherwise), delay and loop flag, extra application blocks, errors.
#include <gtest/gtest.h>

#include <array>
#include <functional>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/image/gif.h"
#include "support/error_of.h"
#include "support/temp_dir.h"

namespace genlab::image {
namespace {

Image make(int w, int h, int channels, std::vector<uint8_t> pixels) {
  Image im;
  im.width = w;
  im.height = h;
  im.channels = channels;
  im.pixels = std::move(pixels);
  return im;
}

Image ramp(int w, int h, int offset) {
  std::vector<uint8_t> pixels;
  for (int i = 0; i < w * h; ++i) pixels.push_back(static_cast<uint8_t>(i * 17 + offset));
  return make(w, h, 1, pixels);
}

using genlab::testing::error_of;

TEST(Gif, GreyFramesRoundTripExactly) {
  testing::TempDir tmp;
  const std::vector<Image> frames = {ramp(5, 3, 0), ramp(5, 3, 100), ramp(5, 3, 200)};
  const std::string path = tmp.file("anim.gif");
  write_gif(path, frames, /*delay_ms=*/120);
  EXPECT_EQ(core::read_file(path).substr(0, 6), "GIF89a");
  const GifAnimation gif = read_gif(path);
  EXPECT_EQ(gif.width, 5);
  EXPECT_EQ(gif.height, 3);
  ASSERT_EQ(gif.frames.size(), 3u);
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(gif.frames[i].channels, 1);
    EXPECT_EQ(gif.frames[i].pixels, frames[i].pixels) << "frame " << i;
  }
  EXPECT_EQ(gif.delays_ms, (std::vector<int>{120, 120, 120}));
  EXPECT_TRUE(gif.loops_forever);
  EXPECT_TRUE(gif.applications.empty());
}

TEST(Gif, RgbMapsToNearestCubeColour) {
  // Each row: input colour, expected colour (red/blue levels 0,51,...,255; green 0,43,85,128,...).
  const std::vector<std::pair<std::array<uint8_t, 3>, std::array<uint8_t, 3>>> cases = {
      {{0, 0, 0}, {0, 0, 0}},
      {{255, 255, 255}, {255, 255, 255}},
      {{51, 43, 204}, {51, 43, 204}},
      {{102, 128, 153}, {102, 128, 153}},
      {{25, 21, 26}, {0, 0, 51}},
      {{26, 22, 25}, {51, 43, 0}},
      {{240, 200, 130}, {255, 213, 153}},
      {{77, 107, 76}, {102, 128, 51}},
  };
  std::vector<uint8_t> in, expected;
  for (const auto& [colour, nearest] : cases) {
    in.insert(in.end(), colour.begin(), colour.end());
    expected.insert(expected.end(), nearest.begin(), nearest.end());
  }
  testing::TempDir tmp;
  const std::string path = tmp.file("rgb.gif");
  write_gif(path, {make(static_cast<int>(cases.size()), 1, 3, in)}, /*delay_ms=*/40);
  const GifAnimation gif = read_gif(path);
  ASSERT_EQ(gif.frames.size(), 1u);
  EXPECT_EQ(gif.frames[0].channels, 3);
  EXPECT_EQ(gif.frames[0].pixels, expected);
  EXPECT_EQ(gif.delays_ms, std::vector<int>{40});
}

TEST(Gif, DelayRoundsToTensOfMillisecondsAndIsAtLeastTen) {
  testing::TempDir tmp;
  for (const auto& [asked, stored] :
       std::vector<std::pair<int, int>>{{0, 10}, {14, 10}, {15, 20}, {1000, 1000}}) {
    const std::string path = tmp.file("d.gif");
    write_gif(path, {ramp(2, 2, 0)}, asked);
    EXPECT_EQ(read_gif(path).delays_ms, std::vector<int>{stored}) << asked << " ms";
  }
}

TEST(Gif, ExtraApplicationBlocksComeBackWhole) {
  testing::TempDir tmp;
  const std::string path = tmp.file("extra.gif");
  std::string long_data;
  for (int i = 0; i < 600; ++i) long_data += static_cast<char>(i % 251);  // 3 sub-blocks
  write_gif(path, {ramp(4, 4, 0), ramp(4, 4, 9)}, 100,
            {{"GENLABPV1.0", long_data}, {"TESTAPP!abc", ""}});
  const GifAnimation gif = read_gif(path);
  ASSERT_EQ(gif.applications.size(), 2u);
  EXPECT_EQ(gif.applications[0].identifier, "GENLABPV1.0");
  EXPECT_EQ(gif.applications[0].data, long_data);
  EXPECT_EQ(gif.applications[1].identifier, "TESTAPP!abc");
  EXPECT_EQ(gif.applications[1].data, "");
  EXPECT_EQ(gif.frames.size(), 2u);
}

TEST(Gif, BadFramesAreInternalErrors) {
  EXPECT_THROW(encode_gif({}, 100), InternalError);
  EXPECT_THROW(encode_gif({ramp(2, 2, 0), ramp(3, 2, 0)}, 100), InternalError);
  EXPECT_THROW(encode_gif({ramp(2, 2, 0)}, 100, {{"SHORT", ""}}), InternalError);
}

TEST(Gif, ReadErrorsNameTheFile) {
  testing::TempDir tmp;
  const std::string png = tmp.file("fake.gif");
  core::write_file_atomic(png, "\x89PNG\r\n\x1a\n and more");
  EXPECT_EQ(error_of([&] { read_gif(png); }), png + ": not a GIF file");
  const std::string cut = tmp.file("cut.gif");
  const std::string bytes = encode_gif({ramp(8, 8, 0)}, 100);
  core::write_file_atomic(cut, bytes.substr(0, 20));
  EXPECT_EQ(error_of([&] { read_gif(cut); }).rfind(cut + ": corrupt GIF: ", 0), 0u);
}

}  // namespace
}  // namespace genlab::image
