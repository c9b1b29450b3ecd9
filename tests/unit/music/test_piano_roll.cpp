// Tests for music/piano_roll: image size from the pitch range and duration, the colours of piano
// notes (by velocity), drum notes, C lines and background, the width cap, and the PNG on disk.
#include <gtest/gtest.h>

#include "genlab/image/png.h"
#include "genlab/music/piano_roll.h"
#include "support/temp_dir.h"

namespace genlab::music {
namespace {

std::vector<int> pixel(const Image& image, int x, int y) {
  const uint8_t* p = &image.pixels[(static_cast<size_t>(y) * image.width + x) * 3];
  return {p[0], p[1], p[2]};
}

NoteSequence small() {
  NoteSequence seq;
  seq.notes = {{62, 127, 0.0, 1.0, 0, 0, false}, {70, 1, 1.0, 2.0, 0, 0, false}, {64, 127, 0.5, 0.6, 0, 9, true}};
  finalize(seq);
  return seq;
}

TEST(PianoRoll, SizeColoursAndLines) {
  const Image image = piano_roll(small());  // 50 px/s, 4 px/semitone, pitches C4..B4 (60..71)
  EXPECT_EQ(image.width, 100);
  EXPECT_EQ(image.height, 12 * 4);
  EXPECT_EQ(image.channels, 3);
  // Row of pitch p starts at y = (71 - p) * 4.
  EXPECT_EQ(pixel(image, 10, (71 - 62) * 4), (std::vector<int>{255, 170, 60}));  // velocity 127: full
  EXPECT_EQ(pixel(image, 60, (71 - 70) * 4), (std::vector<int>{90, 60, 21}));    // velocity 1: 0.355 of full
  EXPECT_EQ(pixel(image, 27, (71 - 64) * 4), (std::vector<int>{80, 200, 255}));  // drum
  EXPECT_EQ(pixel(image, 10, 47), (std::vector<int>{72, 72, 84}));               // bottom of the C4 row
  EXPECT_EQ(pixel(image, 10, 0), (std::vector<int>{24, 24, 28}));                // background
}

TEST(PianoRoll, RangeSpansWholeOctavesAndWidthIsCapped) {
  NoteSequence seq;
  seq.notes = {{35, 100, 0.0, 100.0, 0, 0, false}, {90, 100, 0.0, 1.0, 0, 0, false}};
  finalize(seq);
  const Image image = piano_roll(seq, {/*pixels_per_second=*/50, /*pixels_per_pitch=*/2, /*max_width=*/1000});
  EXPECT_EQ(image.width, 1000);
  EXPECT_EQ(image.height, (95 - 24 + 1) * 2);  // C1 (24) .. B6 (95)
  EXPECT_EQ(piano_roll(NoteSequence{}).height, 24 * 4);
  EXPECT_EQ(piano_roll(NoteSequence{}).width, 1);
}

TEST(PianoRoll, WritesPng) {
  testing::TempDir tmp;
  write_piano_roll(tmp.file("roll.png"), small());
  const Image back = image::read_png(tmp.file("roll.png"));
  EXPECT_EQ(back.width, 100);
  EXPECT_EQ(back.height, 48);
  EXPECT_EQ(back.pixels, piano_roll(small()).pixels);
}

}  // namespace
}  // namespace genlab::music
