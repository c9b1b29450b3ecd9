// Tests for image/png: exact grey and RGB round trips, iTXt text (UTF-8) round trips, and errors.
#include <gtest/gtest.h>

#include <functional>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/image/png.h"
#include "support/error_of.h"
#include "support/temp_dir.h"

namespace genlab::image {
namespace {

Image gradient(int w, int h, int channels) {
  Image im;
  im.width = w;
  im.height = h;
  im.channels = channels;
  for (int i = 0; i < w * h * channels; ++i) im.pixels.push_back(static_cast<uint8_t>(i * 37 + 5));
  return im;
}

using genlab::testing::error_of;

TEST(Png, RoundTripIsExact) {
  genlab::testing::TempDir tmp;
  for (const int channels : {1, 3}) {
    const Image original = gradient(7, 5, channels);
    const std::string path = tmp.file("img" + std::to_string(channels) + ".png");
    write_png(path, original);
    const Image back = read_png(path);
    EXPECT_EQ(back.width, 7);
    EXPECT_EQ(back.height, 5);
    EXPECT_EQ(back.channels, channels);
    EXPECT_EQ(back.pixels, original.pixels);
  }
}

TEST(Png, EncodeStartsWithSignature) {
  const std::string bytes = encode_png(gradient(2, 2, 1));
  EXPECT_EQ(bytes.substr(0, 8), "\x89PNG\r\n\x1a\n");
}

TEST(Png, TextChunksRoundTripUtf8) {
  genlab::testing::TempDir tmp;
  const std::string path = tmp.file("text.png");
  const TextChunks text = {
      {"genlab:provenance", R"({"model":"dcgan","step":500})"},
      {"Description", "Сгенерировано моделью — проверка UTF-8 ✓"},
      {"Empty", ""},
  };
  write_png(path, gradient(3, 3, 3), text);
  EXPECT_EQ(read_png_text(path), text);
  EXPECT_EQ(read_png(path).pixels, gradient(3, 3, 3).pixels);
}

TEST(Png, NoTextGivesEmptyList) {
  genlab::testing::TempDir tmp;
  const std::string path = tmp.file("plain.png");
  write_png(path, gradient(2, 2, 1));
  EXPECT_TRUE(read_png_text(path).empty());
}

TEST(Png, ErrorsNameTheFile) {
  genlab::testing::TempDir tmp;
  const std::string not_png = tmp.file("fake.png");
  core::write_file_atomic(not_png, "GIF89a and more bytes");
  EXPECT_EQ(error_of([&] { read_png(not_png); }), not_png + ": not a PNG file");
  EXPECT_EQ(error_of([&] { read_png_text(not_png); }), not_png + ": not a PNG file");

  const std::string cut = tmp.file("cut.png");
  const std::string bytes = encode_png(gradient(16, 16, 3));
  core::write_file_atomic(cut, bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(error_of([&] { read_png(cut); }).rfind(cut + ": corrupt PNG: ", 0), 0u);

  const std::string missing = tmp.file("missing.png");
  EXPECT_EQ(error_of([&] { read_png(missing); }).rfind(missing + ": cannot read", 0), 0u);
}

}  // namespace
}  // namespace genlab::image
