// Tests for data/music_dataset: the split by piece, and augmentation — every in-range transposition
// of every training piece, each at its own tempo and slowed and sped up by data.stretch; held-out
// pieces stay as read.
#include <gtest/gtest.h>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/data/dataset.h"
#include "genlab/music/events.h"
#include "support/error_of.h"
#include "support/midi_bytes.h"
#include "support/temp_dir.h"

namespace genlab::data {
namespace {

using testing::song;

// Seconds of music in an event sequence (its time shifts).
double seconds_of(const std::vector<int32_t>& events) {
  return music::decode_performance(std::vector<int>(events.begin(), events.end())).total_time_s;
}

TEST(MusicDataset, AugmentsTrainingPiecesOnly) {
  testing::TempDir tmp;
  core::write_file_atomic(tmp.file("low.mid"), song(60, 4));
  core::write_file_atomic(tmp.file("top.mid"), song(124, 3));  // up to 126: +2 leaves the range
  DataConfig c;
  c.path = tmp.path();
  c.val_fraction = 0.01;  // the tiny-corpus rule still holds one piece out
  c.transpose = 2;
  c.stretch = 0.1;
  const MusicSplit split = load_music_split(c, k_builtin_music);
  ASSERT_EQ(split.train.size(), 1u);
  ASSERT_EQ(split.validation.size(), 1u);
  ASSERT_EQ(split.validation_events.size(), 1u);
  const bool top_trains = split.train[0].notes.front().pitch == 124;
  // top.mid: transpositions -2..+1 (4), low.mid: -2..+2 (5); each at 3 tempos.
  EXPECT_EQ(split.train_events.size(), top_trains ? 12u : 15u);
  const double length = top_trains ? 0.75 : 1.0;
  EXPECT_NEAR(seconds_of(split.train_events[0]), 0.9 * length, 0.011);  // -2 semitones, sped up
  EXPECT_NEAR(seconds_of(split.train_events[1]), length, 0.011);
  EXPECT_NEAR(seconds_of(split.train_events[2]), 1.1 * length, 0.011);
  EXPECT_EQ(split.train_events[1].front(), music::k_velocity_base + music::velocity_to_bin(100) - 1);
  EXPECT_EQ(split.validation_events[0], [&] {
    const auto e = music::encode_performance(split.validation[0]).events;
    return std::vector<int32_t>(e.begin(), e.end());
  }());

  c.stretch = 0;
  c.transpose = 0;
  EXPECT_EQ(load_music_split(c, k_builtin_music).train_events.size(), 1u);
  c.stretch = 0.5;
  EXPECT_EQ(testing::error_of([&] { load_music_split(c, k_builtin_music); }), "data.stretch 0.5: must be in [0, 0.5)");
}

}  // namespace
}  // namespace genlab::data
