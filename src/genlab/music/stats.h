// Musical statistics for evaluating generated pieces against a corpus: pitch-class and interval
// histograms, note density, polyphony, histogram distances, and originality (the longest run copied
// from a training piece, as events and as transposition-invariant pitch intervals). Drum notes are
// left out of every statistic: their "pitch" names an instrument. Torch-free. See docs/music.md.
#pragma once

#include <cstdint>
#include <vector>

#include "genlab/music/midi.h"

namespace genlab::music {

// ====== Descriptive statistics ======

constexpr int k_interval_clip = 12;  // intervals beyond an octave fall into the end bins

struct MusicStats {
  // C..B, each note weighted by its duration; sums to 1 (all 0 without notes).
  std::vector<double> pitch_classes = std::vector<double>(12);
  // C..B, each note counted once (Yang & Lerch 2018's pitch-class histogram); sums to 1.
  std::vector<double> pitch_class_counts = std::vector<double>(12);
  // Each piece's counts rotated so its key signature's major tonic is bin 0 (key_signature()), then
  // pooled: the tonal profile, which does not depend on which keys the pieces happen to be in.
  std::vector<double> key_relative_pitch_classes = std::vector<double>(12);
  // Successive pitch differences clipped to -12..12, index = semitones + 12; sums to 1.
  std::vector<double> intervals = std::vector<double>(2 * k_interval_clip + 1);
  double note_density = 0;  // notes per second of total time
  double polyphony = 0;     // mean number of notes sounding: sum of durations / total time
  int64_t notes = 0;        // non-drum notes counted
  double seconds = 0;       // summed total_time_s
};

// Pitch intervals: non-drum notes in onset order (ties by pitch, so a chord reads bottom-up), each
// note's pitch minus the previous one's. Unclipped; n notes give n - 1 intervals.
std::vector<int> pitch_intervals(const NoteSequence& sequence);

// The key signature of a pitch-class histogram (12 weights, C..B), as the major tonic 0..11 (C..B):
// the best of the 24 major and minor keys by Pearson correlation with the Krumhansl-Kessler key
// profiles (the Krumhansl-Schmuckler key finder), a minor key named by its relative major (A minor
// -> C, 0). Ties go to the lower tonic, major first; 0 for an empty or flat histogram.
int key_signature(const std::vector<double>& pitch_classes);

// Statistics pooled over pieces: histograms from summed weights and counts, density and polyphony
// over the summed time (so long pieces weigh more).
MusicStats compute_stats(const std::vector<NoteSequence>& pieces);

// Total variation distance 0.5 * sum |p - q|, in [0, 1]. Throws Error when sizes differ.
double total_variation(const std::vector<double>& p, const std::vector<double>& q);

// Jensen-Shannon divergence in bits (log base 2), in [0, 1]; symmetric and finite for disjoint
// supports. Throws Error when sizes differ.
double jensen_shannon(const std::vector<double>& p, const std::vector<double>& q);

// ====== Originality ======

struct CopiedRun {
  int64_t length = 0;       // tokens in the longest run of the query found in one corpus sequence
  size_t piece = 0;         // which corpus sequence (meaningful when length > 0)
  size_t query_offset = 0;  // where the run starts in the query
  size_t piece_offset = 0;  // where it starts in that corpus sequence
};

// The longest contiguous run of `query` that occurs contiguously in any corpus sequence (the
// longest common substring). Binary search on the length; for each length, the query's n-grams go
// into a hash table (polynomial hash mod 2^61 - 1) and every corpus n-gram is looked up and then
// compared token by token, so a reported run is always a true copy. O((|query| + corpus size) *
// log |query|). Use event ids for "events copied" and pitch_intervals() for transposition-
// invariant melody copying. Ties go to the first run found (corpus order, then position).
CopiedRun longest_copied_run(const std::vector<int>& query, const std::vector<std::vector<int>>& corpus);

}  // namespace genlab::music
