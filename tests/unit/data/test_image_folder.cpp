// Tests for data/image_folder: the data-folder rule (skip and list bad files, fail only when none
// is usable, strict mode fatal), channel conversion and size mismatches.
#include <gtest/gtest.h>

#include <filesystem>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/data/image_folder.h"
#include "genlab/image/png.h"
#include "support/temp_dir.h"

namespace genlab::data {
namespace {

Image make(int w, int h, int channels, uint8_t value) {
  Image im;
  im.width = w;
  im.height = h;
  im.channels = channels;
  im.pixels.assign(static_cast<size_t>(w) * h * channels, value);
  return im;
}

std::string error_of(const std::string& dir, bool strict) {
  try {
    load_image_folder(dir, strict);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ImageFolder, LoadsGoodFilesSortedAndConverted) {
  genlab::testing::TempDir tmp;
  image::write_png(tmp.file("b.png"), make(4, 3, 3, 200));
  image::write_png(tmp.file("a.png"), make(4, 3, 1, 10));
  image::write_png(tmp.file("c.PNG"), make(4, 3, 1, 30));
  core::write_file_atomic(tmp.file("notes.txt"), "not an image, not a .png: ignored");
  const ImageFolder folder = load_image_folder(tmp.path(), /*strict=*/false);
  ASSERT_EQ(folder.images.size(), 3u);
  EXPECT_EQ(folder.paths[0], tmp.file("a.png"));
  EXPECT_EQ(folder.paths[1], tmp.file("b.png"));
  EXPECT_EQ(folder.paths[2], tmp.file("c.PNG"));
  for (const Image& im : folder.images) EXPECT_EQ(im.channels, 1);  // the first image decides
  EXPECT_EQ(folder.images[1].pixels[0], 200);
  EXPECT_TRUE(folder.skipped.empty());
}

TEST(ImageFolder, SkipsAndListsCorruptAndMismatchedFiles) {
  genlab::testing::TempDir tmp;
  image::write_png(tmp.file("a.png"), make(4, 3, 1, 10));
  core::write_file_atomic(tmp.file("b.png"), "this is not a png");
  image::write_png(tmp.file("c.png"), make(5, 3, 1, 10));
  image::write_png(tmp.file("d.png"), make(4, 3, 1, 90));
  const ImageFolder folder = load_image_folder(tmp.path(), false);
  ASSERT_EQ(folder.images.size(), 2u);
  EXPECT_EQ(folder.paths[1], tmp.file("d.png"));
  ASSERT_EQ(folder.skipped.size(), 2u);
  EXPECT_EQ(folder.skipped[0].path, tmp.file("b.png"));
  EXPECT_EQ(folder.skipped[0].reason, "not a PNG file");
  EXPECT_EQ(folder.skipped[1].path, tmp.file("c.png"));
  EXPECT_EQ(folder.skipped[1].reason, "size 5x3 differs from 4x3 of the first image (a.png)");
}

TEST(ImageFolder, StrictModeThrowsOnFirstBadFile) {
  genlab::testing::TempDir tmp;
  image::write_png(tmp.file("a.png"), make(4, 3, 1, 10));
  core::write_file_atomic(tmp.file("b.png"), "garbage");
  EXPECT_EQ(error_of(tmp.path(), /*strict=*/true), tmp.file("b.png") + ": not a PNG file");
}

TEST(ImageFolder, FailsWhenNothingIsUsable) {
  genlab::testing::TempDir tmp;
  EXPECT_EQ(error_of(tmp.path(), false),
            tmp.path() + ": no readable PNG image (the folder has no *.png files)");
  core::write_file_atomic(tmp.file("x.png"), "garbage");
  EXPECT_EQ(error_of(tmp.path(), false),
            tmp.path() + ": no readable PNG image (1 files skipped: x.png: not a PNG file)");
  EXPECT_EQ(error_of(tmp.file("x.png"), false), tmp.file("x.png") + ": not a directory");
}

}  // namespace
}  // namespace genlab::data
