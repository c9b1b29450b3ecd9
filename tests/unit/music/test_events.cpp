// Tests for music/events: the exact event list of a hand-made sequence, the id layout and names,
// velocity bins, the round-trip tolerance on a generated sequence, the piano reduction of notes of
// one pitch, drums dropped and counted,
// decoding of malformed streams, transposition and stretch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "genlab/core/error.h"
#include "genlab/music/events.h"

namespace genlab::music {
namespace {

Note piano(int pitch, int velocity, double start, double end) { return {pitch, velocity, start, end, 0, 0, false}; }
Note drum(int pitch, double start, double end) { return {pitch, 100, start, end, 0, k_drum_channel, true}; }

std::vector<std::string> names(const std::vector<int>& ids) {
  std::vector<std::string> out;
  for (int id : ids) out.push_back(event_name(id));
  return out;
}

TEST(Events, HandMadeSequenceGivesExactEventList) {
  NoteSequence seq;
  seq.notes = {piano(60, 100, 0.0, 0.5), piano(64, 100, 0.0, 1.0), drum(36, 0.2, 0.3), piano(67, 40, 0.5, 2.2)};
  finalize(seq);
  const EncodedPerformance encoded = encode_performance(seq);
  EXPECT_EQ(encoded.events, (std::vector<int>{380, 60, 64, 305, 188, 365, 67, 305, 192, 355, 275, 195}));
  EXPECT_EQ(names(encoded.events),
            (std::vector<std::string>{"VELOCITY 25", "NOTE_ON 60", "NOTE_ON 64", "TIME_SHIFT 500ms", "NOTE_OFF 60",
                                      "VELOCITY 10", "NOTE_ON 67", "TIME_SHIFT 500ms", "NOTE_OFF 64",
                                      "TIME_SHIFT 1000ms", "TIME_SHIFT 200ms", "NOTE_OFF 67"}));
  EXPECT_EQ(encoded.dropped_drum_notes, 1);
}

TEST(Events, IdLayoutAndNames) {
  const struct {
    int id;
    const char* name;
  } cases[] = {{0, "NOTE_ON 0"},         {127, "NOTE_ON 127"},       {128, "NOTE_OFF 0"}, {255, "NOTE_OFF 127"},
               {256, "TIME_SHIFT 10ms"}, {355, "TIME_SHIFT 1000ms"}, {356, "VELOCITY 1"}, {387, "VELOCITY 32"}};
  for (const auto& c : cases) EXPECT_EQ(event_name(c.id), c.name);
  EXPECT_EQ(k_event_count, 128 + 128 + 100 + 32);
  EXPECT_THROW(event_name(-1), Error);
  EXPECT_THROW(event_name(388), Error);
}

TEST(Events, VelocityBins) {
  const int to_bin[][2] = {{1, 1}, {4, 1}, {5, 2}, {100, 25}, {124, 31}, {125, 32}, {127, 32}};
  for (const auto& c : to_bin) EXPECT_EQ(velocity_to_bin(c[0]), c[1]) << c[0];
  EXPECT_EQ(bin_to_velocity(1), 1);
  EXPECT_EQ(bin_to_velocity(25), 97);
  EXPECT_EQ(bin_to_velocity(32), 125);
  for (int bin = 1; bin <= k_velocity_bins; ++bin) EXPECT_EQ(velocity_to_bin(bin_to_velocity(bin)), bin);
}

// Notes on several channels and programs with no two notes of one pitch overlapping, each at least
// one step long, from a fixed linear congruential generator.
NoteSequence generated_sequence() {
  uint64_t state = 12345;
  auto next = [&](int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % n);
  };
  NoteSequence seq;
  double lane_free[128] = {};
  for (int i = 0; i < 300; ++i) {
    const int pitch = 30 + next(60);
    const double start = lane_free[pitch] + next(3000) * 1e-3 + next(1000) * 1e-6;
    const double end = start + 0.01 + next(2000) * 1e-3;
    lane_free[pitch] = end;
    seq.notes.push_back({pitch, 1 + next(127), start, end, next(128), next(9), false});
  }
  finalize(seq);
  return seq;
}

TEST(Events, RoundTripKeepsPitchVelocityBinAndTimingWithinOneStep) {
  NoteSequence original = generated_sequence();
  const NoteSequence back = decode_performance(encode_performance(original).events);
  // Order both by (onset step, pitch): notes that round onto one step come back in pitch order.
  auto step = [](double s) { return std::llround(s * k_steps_per_second); };
  std::stable_sort(original.notes.begin(), original.notes.end(), [&](const Note& a, const Note& b) {
    return step(a.start_s) != step(b.start_s) ? step(a.start_s) < step(b.start_s) : a.pitch < b.pitch;
  });
  ASSERT_EQ(back.notes.size(), original.notes.size());
  const double one_step = 1.0 / k_steps_per_second + 1e-9;
  for (size_t i = 0; i < back.notes.size(); ++i) {
    const Note& a = original.notes[i];
    const Note& b = back.notes[i];
    SCOPED_TRACE("note " + std::to_string(i));
    EXPECT_EQ(b.pitch, a.pitch);
    EXPECT_EQ(velocity_to_bin(b.velocity), velocity_to_bin(a.velocity));
    EXPECT_LE(std::abs(b.start_s - a.start_s), one_step);
    EXPECT_LE(std::abs(b.end_s - a.end_s), one_step);
    EXPECT_EQ(b.program, 0);  // every program and channel merges into one piano part
    EXPECT_EQ(b.channel, 0);
  }
}

TEST(Events, DrumsAreDroppedAndCounted) {
  NoteSequence seq;
  seq.notes = {drum(36, 0.0, 0.1), piano(60, 80, 0.0, 0.5), drum(38, 0.5, 0.6), drum(42, 0.5, 0.5)};
  finalize(seq);
  const EncodedPerformance encoded = encode_performance(seq);
  EXPECT_EQ(encoded.dropped_drum_notes, 3);
  const NoteSequence back = decode_performance(encoded.events);
  ASSERT_EQ(back.notes.size(), 1u);
  EXPECT_EQ(back.notes[0].pitch, 60);
}

TEST(Events, NotesOfOnePitchBecomeOnePianoKey) {
  NoteSequence seq;
  // Pitch 60: a unison double (same onset; the louder and the longer win), then a re-strike at 1.0 s
  // of a note that would sound to 2.0 s (it ends at 1.0 s). Pitch 64: a short note inside a long
  // one, which ends the long one. Pitch 67 on another channel, apart from the rest: kept as is.
  seq.notes = {piano(60, 40, 0.0, 0.5),  piano(60, 90, 0.0, 0.3), piano(60, 70, 0.8, 2.0), piano(60, 70, 1.0, 1.5),
               piano(64, 100, 0.0, 3.0), piano(64, 100, 1.0, 1.2)};
  Note other = piano(67, 100, 0.0, 0.2);
  other.channel = 3;
  seq.notes.push_back(other);
  finalize(seq);
  const EncodedPerformance encoded = encode_performance(seq);
  EXPECT_EQ(encoded.merged_notes, 3);
  NoteSequence back = decode_performance(encoded.events);
  std::sort(back.notes.begin(), back.notes.end(), [](const Note& a, const Note& b) {
    return a.pitch != b.pitch ? a.pitch < b.pitch : a.start_s < b.start_s;
  });
  const std::vector<std::tuple<int, int, double, double>> want = {
      {60, 89, 0.0, 0.5}, {60, 69, 0.8, 1.0}, {60, 69, 1.0, 1.5}, {64, 97, 0.0, 1.0}, {64, 97, 1.0, 1.2}, {67, 97, 0.0, 0.2}};
  ASSERT_EQ(back.notes.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& [pitch, velocity, start, end] = want[i];
    EXPECT_EQ(back.notes[i].pitch, pitch) << i;
    EXPECT_EQ(back.notes[i].velocity, velocity) << i;
    EXPECT_NEAR(back.notes[i].start_s, start, 1e-9) << i;
    EXPECT_NEAR(back.notes[i].end_s, end, 1e-9) << i;
  }
  // Every NOTE_ON of a pitch is released before the pitch sounds again.
  int open[128] = {};
  for (int id : encoded.events) {
    if (id < k_note_off_base) EXPECT_EQ(open[id]++, 0) << event_name(id);
    else if (id < k_time_shift_base) --open[id - k_note_off_base];
  }
}

TEST(Events, DecodeToleratesUnmatchedEvents) {
  // NOTE_OFF 61 with nothing open (ignored); NOTE_ON 62 then NOTE_OFF 62 at once (zero length,
  // dropped); NOTE_ON 60 never closed (ends at the last time, 0.3 s).
  const NoteSequence seq = decode_performance({128 + 61, 62, 128 + 62, 60, 256 + 29});
  ASSERT_EQ(seq.notes.size(), 1u);
  EXPECT_EQ(seq.notes[0].pitch, 60);
  EXPECT_EQ(seq.notes[0].velocity, 100);
  EXPECT_DOUBLE_EQ(seq.notes[0].end_s, 0.3);
  try {
    decode_performance({60, 256, 400});
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "event 2: id 400 is outside 0..387");
  }
}

TEST(Events, MaxNoteDurationEndsHangingAndLongNotes) {
  // NOTE_ON 60 at 0 never closed; NOTE_ON 62 at 0 closed at 1.5 s; NOTE_ON 64 at 1.0 s closed at
  // 1.2 s; the piece runs to 7 s. With a 1 s cap: 60 -> 0..1, 62 -> 0..1, 64 untouched.
  const std::vector<int> events = {60, 62, 256 + 99, 64, 256 + 19, 128 + 64, 256 + 29, 128 + 62,
                                   256 + 99, 256 + 99, 256 + 99, 256 + 99, 256 + 99, 256 + 49};
  auto ends = [](const NoteSequence& seq) {
    std::vector<std::pair<int, double>> out;
    for (const Note& n : seq.notes) out.push_back({n.pitch, n.end_s});
    std::sort(out.begin(), out.end());
    return out;
  };
  using Ends = std::vector<std::pair<int, double>>;
  EXPECT_EQ(ends(decode_performance(events)), (Ends{{60, 7.0}, {62, 1.5}, {64, 1.2}}));
  EXPECT_EQ(ends(decode_performance(events, 1.0)), (Ends{{60, 1.0}, {62, 1.0}, {64, 1.2}}));
  EXPECT_EQ(ends(decode_performance(events, 0)), ends(decode_performance(events)));
  EXPECT_THROW(decode_performance(events, -1), Error);
}

TEST(Events, TransposeShiftsPianoNotesAndRefusesOutOfRange) {
  NoteSequence seq;
  seq.notes = {piano(60, 90, 0.0, 1.0), piano(100, 90, 0.0, 1.0), drum(36, 0.0, 0.1)};
  finalize(seq);
  const std::optional<NoteSequence> up = transpose(seq, 2);
  ASSERT_TRUE(up.has_value());
  std::vector<int> pitches;
  for (const Note& n : up->notes) pitches.push_back(n.pitch);
  EXPECT_EQ(pitches, (std::vector<int>{36, 62, 102}));  // the drum keeps its pitch
  EXPECT_TRUE(transpose(seq, 27).has_value());          // 100 + 27 = 127
  EXPECT_FALSE(transpose(seq, 28).has_value());
  EXPECT_TRUE(transpose(seq, -60).has_value());
  EXPECT_FALSE(transpose(seq, -61).has_value());
}

TEST(Events, StretchScalesTimesAndTempo) {
  NoteSequence seq;
  seq.notes = {piano(60, 90, 0.5, 1.0)};
  seq.tempos = {{0.0, 120.0}, {1.0, 60.0}};
  finalize(seq);
  const NoteSequence slow = stretch(seq, 2.0);
  EXPECT_DOUBLE_EQ(slow.notes[0].start_s, 1.0);
  EXPECT_DOUBLE_EQ(slow.notes[0].end_s, 2.0);
  EXPECT_DOUBLE_EQ(slow.total_time_s, 2.0);
  EXPECT_DOUBLE_EQ(slow.tempos[1].time_s, 2.0);
  EXPECT_DOUBLE_EQ(slow.tempos[0].qpm, 60.0);
  EXPECT_THROW(stretch(seq, 0.0), Error);
}

}  // namespace
}  // namespace genlab::music
