// Tests for music/stats: histograms, density and polyphony of hand-made sequences, the two
// distances on known distributions, and copied runs of known length (events and intervals).
#include <gtest/gtest.h>

#include <cmath>

#include "genlab/core/error.h"
#include "genlab/music/stats.h"

namespace genlab::music {
namespace {

Note piano(int pitch, double start, double end) { return {pitch, 100, start, end, 0, 0, false}; }

TEST(Stats, HistogramsDensityPolyphony) {
  NoteSequence seq;
  // C4 for 1 s, E4 for 3 s, C3 for 1 s, a drum (ignored); 5 s in all.
  seq.notes = {piano(60, 0, 1), piano(64, 1, 4), piano(48, 4, 5), {36, 100, 0, 5, 0, 9, true}};
  finalize(seq);
  const MusicStats stats = compute_stats({seq});
  std::vector<double> pitch_classes(12);
  pitch_classes[0] = 0.4;
  pitch_classes[4] = 0.6;
  for (int i = 0; i < 12; ++i) EXPECT_NEAR(stats.pitch_classes[i], pitch_classes[i], 1e-12) << i;
  std::vector<double> intervals(25);
  intervals[12 + 4] = 0.5;   // 60 -> 64
  intervals[12 - 12] = 0.5;  // 64 -> 48 = -16, clipped to -12
  EXPECT_EQ(stats.intervals, intervals);
  EXPECT_EQ(stats.notes, 3);
  EXPECT_DOUBLE_EQ(stats.note_density, 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(stats.polyphony, 1.0);
}

TEST(Stats, ChordsReadBottomUpAndPoolAcrossPieces) {
  NoteSequence chord;
  chord.notes = {piano(67, 0, 2), piano(60, 0, 2), piano(64, 0, 2)};
  finalize(chord);
  EXPECT_EQ(pitch_intervals(chord), (std::vector<int>{4, 3}));
  NoteSequence empty;
  empty.total_time_s = 2;  // two seconds of silence
  const MusicStats stats = compute_stats({chord, empty});
  EXPECT_DOUBLE_EQ(stats.polyphony, 6.0 / 4.0);
  EXPECT_DOUBLE_EQ(stats.note_density, 3.0 / 4.0);
  const MusicStats none = compute_stats({});
  EXPECT_EQ(none.pitch_classes, std::vector<double>(12));
  EXPECT_EQ(none.note_density, 0.0);
}

TEST(Stats, Distances) {
  const std::vector<double> p{0.5, 0.5, 0.0}, q{0.0, 0.5, 0.5}, r{0.0, 0.0, 1.0};
  EXPECT_DOUBLE_EQ(total_variation(p, q), 0.5);
  EXPECT_DOUBLE_EQ(total_variation(p, p), 0.0);
  EXPECT_DOUBLE_EQ(total_variation(p, r), 1.0);
  EXPECT_NEAR(jensen_shannon(p, q), 0.5, 1e-12);  // M = (.25, .5, .25): each KL is 0.5 bit
  EXPECT_DOUBLE_EQ(jensen_shannon(p, p), 0.0);
  EXPECT_NEAR(jensen_shannon(p, r), 1.0, 1e-12);
  EXPECT_THROW(total_variation(p, {1.0}), Error);
}

TEST(Stats, LongestCopiedRun) {
  const std::vector<std::vector<int>> corpus{{1, 2, 3, 4, 5, 6}, {9, 9, 7, 8, 1, 2, 3, 9}};
  const struct {
    std::vector<int> query;
    int64_t length;
    size_t piece, query_offset, piece_offset;
  } cases[] = {
      {{0, 7, 8, 1, 2, 3, 4, 0}, 5, 1, 1, 2},  // 7 8 1 2 3 beats 1 2 3 4
      {{0, 2, 3, 4, 5, 0}, 4, 0, 1, 1},
      {{1, 2, 3, 4, 5, 6}, 6, 0, 0, 0},  // a whole piece
      {{42, 43}, 0, 0, 0, 0},
      {{}, 0, 0, 0, 0},
      {{-5, 9}, 1, 1, 1, 0},  // negative tokens are fine
  };
  for (const auto& c : cases) {
    const CopiedRun run = longest_copied_run(c.query, corpus);
    EXPECT_EQ(run.length, c.length);
    if (c.length == 0) continue;
    EXPECT_EQ(run.piece, c.piece);
    EXPECT_EQ(run.query_offset, c.query_offset);
    EXPECT_EQ(run.piece_offset, c.piece_offset);
  }
}

TEST(Stats, TransposedMelodyIsCopiedAsIntervals) {
  NoteSequence training, generated;
  const int melody[] = {60, 62, 64, 65, 67, 65, 64, 62};
  for (int i = 0; i < 8; ++i) training.notes.push_back(piano(melody[i], i * 0.5, i * 0.5 + 0.5));
  generated.notes.push_back(piano(50, 0, 0.5));  // an unrelated first note
  for (int i = 0; i < 6; ++i) generated.notes.push_back(piano(melody[i] + 5, 1 + i * 0.25, 1.2 + i * 0.25));
  finalize(training);
  finalize(generated);
  // Six copied notes, transposed: five copied intervals.
  EXPECT_EQ(longest_copied_run(pitch_intervals(generated), {pitch_intervals(training)}).length, 5);
}

TEST(Stats, LongRandomSequencesFindThePlantedCopy) {
  uint64_t state = 7;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % 388);
  };
  std::vector<std::vector<int>> corpus(3);
  for (auto& piece : corpus)
    for (int i = 0; i < 20000; ++i) piece.push_back(next());
  std::vector<int> query;
  for (int i = 0; i < 1000; ++i) query.push_back(next());
  std::copy(corpus[2].begin() + 5000, corpus[2].begin() + 5077, query.begin() + 300);
  const CopiedRun run = longest_copied_run(query, corpus);
  EXPECT_GE(run.length, 77);
  EXPECT_LE(run.length, 79);  // a chance neighbouring match of 1-2 tokens is possible but not more
  EXPECT_EQ(run.piece, 2u);
}

TEST(Stats, KeySignatureAndKeyRelativeHistogram) {
  // Note counts of a C major piece (tonic and dominant weighted, diatonic notes only).
  const std::vector<double> c_major = {8, 0, 3, 0, 5, 3, 0, 6, 0, 3, 0, 2};
  EXPECT_EQ(key_signature(c_major), 0);
  auto rotated = [](const std::vector<double>& h, int semitones) {
    std::vector<double> out(12);
    for (int i = 0; i < 12; ++i) out[(i + semitones) % 12] = h[i];
    return out;
  };
  EXPECT_EQ(key_signature(rotated(c_major, 2)), 2);    // D major
  EXPECT_EQ(key_signature(rotated(c_major, 11)), 11);  // B major
  // A minor (A, C and E weighted, G sharp as the leading tone) has C major's signature.
  const std::vector<double> a_minor = {4, 0, 2, 0, 5, 2, 0, 1, 2, 8, 0, 3};
  EXPECT_EQ(key_signature(a_minor), 0);
  EXPECT_EQ(key_signature(std::vector<double>(12, 1.0)), 0);  // flat: no key
  EXPECT_THROW(key_signature(std::vector<double>(11)), Error);

  // A C major scale and the same transposed to E: different pitch classes, the same tonal profile.
  NoteSequence c, e;
  const int scale[] = {60, 62, 64, 65, 67, 69, 71, 72, 67, 64, 60};
  for (int i = 0; i < 11; ++i) {
    c.notes.push_back(piano(scale[i], 0.5 * i, 0.5 * i + 0.5));
    e.notes.push_back(piano(scale[i] + 4, 0.5 * i, 0.5 * i + 0.5));
  }
  finalize(c);
  finalize(e);
  const MusicStats sc = compute_stats({c}), se = compute_stats({e});
  EXPECT_GT(jensen_shannon(sc.pitch_class_counts, se.pitch_class_counts), 0.1);
  EXPECT_EQ(sc.key_relative_pitch_classes, se.key_relative_pitch_classes);
  EXPECT_EQ(sc.key_relative_pitch_classes, sc.pitch_class_counts);  // C major is already relative to C
  EXPECT_DOUBLE_EQ(sc.pitch_class_counts[0], 3.0 / 11);              // C counted once per note
}

}  // namespace
}  // namespace genlab::music
