// Tests for music/midi: a hand-built format 1 file (tempo change, running status, drums, sysex and
// meta skipped) read to an exact note table; write -> read round trips in formats 0 and 1; errors
// with byte offsets for truncated and malformed files; the sustain pedal.
#include <gtest/gtest.h>

#include <cmath>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/music/midi.h"
#include "support/midi_bytes.h"
#include "support/temp_dir.h"

namespace genlab::music {
namespace {

using testing::end_of_track;
using testing::event;
using testing::mthd;
using testing::mtrk;

// Track 0: 120 qpm, then 240 qpm from tick 960. Track 1: program 5, notes on channel 0 written
// with running status and note-on velocity 0 as note-off, plus a sysex and a text meta event.
// Track 2: one drum note on channel 10.
const std::string k_track0 =
    event(0, {0xff, 0x51, 3, 0x07, 0xa1, 0x20}) + event(960, {0xff, 0x51, 3, 0x03, 0xd0, 0x90}) + end_of_track();
const std::string k_track1 = event(0, {0xc0, 5}) + event(0, {0x90, 60, 100}) + event(0, {64, 80}) +
                             event(240, {0xf0, 2, 0x01, 0xf7}) + event(0, {0xff, 0x01, 3, 'a', 'b', 'c'}) +
                             event(240, {60, 0}) + event(480, {64, 0}) + event(0, {67, 90}) +
                             event(480, {0x80, 67, 0}) + end_of_track();
const std::string k_track2 = event(480, {0x99, 36, 127}) + event(120, {0x89, 36, 0}) + end_of_track();
const std::string k_file = mthd(1, 3, 480) + mtrk(k_track0) + mtrk(k_track1) + mtrk(k_track2);

struct ExpectedNote {
  int pitch, velocity;
  double start_s, end_s;
  int program, channel;
  bool is_drum;
};

void expect_notes(const NoteSequence& seq, const std::vector<ExpectedNote>& expected, double tolerance) {
  ASSERT_EQ(seq.notes.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Note& n = seq.notes[i];
    const ExpectedNote& e = expected[i];
    SCOPED_TRACE("note " + std::to_string(i));
    EXPECT_EQ(n.pitch, e.pitch);
    EXPECT_EQ(n.velocity, e.velocity);
    EXPECT_NEAR(n.start_s, e.start_s, tolerance);
    EXPECT_NEAR(n.end_s, e.end_s, tolerance);
    EXPECT_EQ(n.program, e.program);
    EXPECT_EQ(n.channel, e.channel);
    EXPECT_EQ(n.is_drum, e.is_drum);
  }
}

std::string error_of(const std::string& bytes) {
  try {
    parse_midi(bytes, "x.mid");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Midi, HandBuiltFormat1File) {
  const NoteSequence seq = parse_midi(k_file, "x.mid");
  expect_notes(seq,
               {{60, 100, 0.0, 0.5, 5, 0, false},
                {64, 80, 0.0, 1.0, 5, 0, false},
                {36, 127, 0.5, 0.625, 0, 9, true},
                {67, 90, 1.0, 1.25, 5, 0, false}},
               1e-12);
  ASSERT_EQ(seq.tempos.size(), 2u);
  EXPECT_DOUBLE_EQ(seq.tempos[0].time_s, 0.0);
  EXPECT_DOUBLE_EQ(seq.tempos[0].qpm, 120.0);
  EXPECT_DOUBLE_EQ(seq.tempos[1].time_s, 1.0);
  EXPECT_DOUBLE_EQ(seq.tempos[1].qpm, 240.0);
  EXPECT_DOUBLE_EQ(seq.total_time_s, 1.25);
}

NoteSequence several_channels() {
  NoteSequence seq;
  seq.tempos = {{0.0, 100.0}};
  seq.notes = {{60, 100, 0.0, 0.5, 0, 0, false}, {64, 90, 0.25, 1.0, 0, 0, false}, {60, 70, 0.5, 0.75, 33, 1, false},
               {36, 127, 0.5, 0.5, 0, 9, true},  {72, 1, 1.2, 1.9, 40, 0, false},  {38, 64, 1.5, 1.6, 0, 9, true}};
  finalize(seq);
  return seq;
}

TEST(Midi, RoundTripFormats0And1) {
  const NoteSequence original = several_channels();
  for (int format : {0, 1}) {
    SCOPED_TRACE("format " + std::to_string(format));
    const std::string bytes = encode_midi(original, {format});
    EXPECT_EQ(bytes.substr(8, 2), std::string("\0", 1) + char(format));
    EXPECT_EQ(static_cast<int>(bytes[11]), format == 0 ? 1 : 4);  // tempo track + channels 0, 1, 9
    const NoteSequence back = parse_midi(bytes, "rt.mid");
    std::vector<ExpectedNote> expected;
    for (const Note& n : original.notes)
      expected.push_back({n.pitch, n.velocity, n.start_s, n.end_s, n.program, n.channel, n.is_drum});
    expect_notes(back, expected, 60.0 / 100 / 480 / 2 + 1e-9);  // half a tick
    ASSERT_EQ(back.tempos.size(), 1u);
    EXPECT_NEAR(back.tempos[0].qpm, 100.0, 1e-3);
  }
}

TEST(Midi, WriteUsesRunningStatus) {
  // A chord: program change, note-on 60, then note-on 64 at delta 0 without repeating 0x90.
  NoteSequence chord;
  chord.notes = {{60, 100, 0.0, 1.0, 0, 0, false}, {64, 100, 0.0, 1.0, 0, 0, false}};
  const std::string bytes = encode_midi(chord, {0});
  EXPECT_NE(bytes.find(std::string("\x90\x3c\x64\x00\x40\x64", 6)), std::string::npos);
  EXPECT_EQ(parse_midi(bytes, "a.mid").notes.size(), 2u);
}

TEST(Midi, WriteFileAtomicallyAndReadBack) {
  testing::TempDir tmp;
  write_midi(tmp.file("a.mid"), several_channels());
  EXPECT_EQ(read_midi(tmp.file("a.mid")).notes.size(), 6u);
}

TEST(Midi, RejectsBadNotes) {
  NoteSequence seq;
  seq.notes = {{60, 0, 0.0, 1.0, 0, 0, false}};
  try {
    encode_midi(seq);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "note 0: velocity 0 is outside 1..127");
  }
}

TEST(Midi, ErrorsNameFileAndByteOffset) {
  const size_t track1_at = 14 + 8 + k_track0.size();
  std::string no_status = mthd(0, 1, 480) + mtrk(event(0, {60, 100}) + end_of_track());
  std::string long_vlq = mthd(0, 1, 480) + mtrk(std::string("\x81\x81\x81\x81\x01", 5) + end_of_track());
  // The chunk says 6 bytes but its last event needs 7.
  std::string short_event =
      mthd(0, 1, 480) + "MTrk" + testing::big_endian(6, 4) + event(0, {0x90, 60, 100}) + event(0, {0x80, 60});
  std::string format2 = k_file;
  format2[9] = 2;
  const struct {
    std::string bytes;
    std::string message;
  } cases[] = {
      {k_file.substr(0, track1_at + 20), "x.mid: truncated MTrk chunk at byte " + std::to_string(track1_at)},
      {k_file.substr(0, track1_at),
       "x.mid: truncated file: 1 of 3 MTrk chunks present at byte " + std::to_string(track1_at)},
      {k_file.substr(0, 10), "x.mid: truncated MThd header at byte 10"},
      {"RIFF" + k_file, "x.mid: not a MIDI file (no MThd header) at byte 0"},
      {"", "x.mid: not a MIDI file (no MThd header) at byte 0"},
      {format2, "x.mid: MIDI format 2 is not supported at byte 8"},
      {no_status, "x.mid: data byte 0x3C without a status byte at byte 23"},
      {long_vlq, "x.mid: variable-length quantity longer than 4 bytes at byte 22"},
      {short_event, "x.mid: truncated event in MTrk chunk at byte 28"},
  };
  for (const auto& c : cases) EXPECT_EQ(error_of(c.bytes), c.message);
}

TEST(Midi, SustainPedalExtendsNotesAsMagentaDoes) {
  // 120 qpm, 480 ticks per quarter: 480 ticks = 0.5 s. Pedal down at 0.25 s, up at 1.0 s.
  // 60: 0..0.5 (released under the pedal -> held to 1.0).
  // 62: 0..0.1 (released before the pedal -> unchanged), re-struck at 0.5..0.6 (held; the pedal
  //     lifts at 1.0 -> ends 1.0). 65: 1.0..1.5 starts as the pedal lifts -> unchanged.
  const std::string body = event(0, {0x90, 60, 100}) + event(0, {62, 100}) + event(96, {0x80, 62, 0}) +
                           event(144, {0xb0, 64, 127}) + event(240, {0x80, 60, 0}) + event(0, {0x90, 62, 90}) +
                           event(96, {0x80, 62, 0}) + event(384, {0xb0, 64, 0}) + event(0, {0x90, 65, 80}) +
                           event(480, {0x80, 65, 0}) + end_of_track();
  const std::string bytes = mthd(0, 1, 480) + mtrk(body);
  expect_notes(parse_midi(bytes, "p.mid"),
               {{60, 100, 0.0, 1.0, 0, 0, false},
                {62, 100, 0.0, 0.1, 0, 0, false},
                {62, 90, 0.5, 1.0, 0, 0, false},
                {65, 80, 1.0, 1.5, 0, 0, false}},
               1e-12);
  expect_notes(parse_midi(bytes, "p.mid", {/*apply_sustain=*/false}),
               {{60, 100, 0.0, 0.5, 0, 0, false},
                {62, 100, 0.0, 0.1, 0, 0, false},
                {62, 90, 0.5, 0.6, 0, 0, false},
                {65, 80, 1.0, 1.5, 0, 0, false}},
               1e-12);
}

TEST(Midi, RestrikeUnderPedalEndsEarlierNote) {
  // Pedal down from 0; 60 struck at 0 and again at 0.5 without release in between.
  const std::string body = event(0, {0xb0, 64, 100}) + event(0, {0x90, 60, 100}) + event(480, {60, 90}) +
                           event(240, {0x80, 60, 0}) + event(0, {60, 0}) + event(240, {0xb0, 64, 0}) + end_of_track();
  expect_notes(parse_midi(mthd(0, 1, 480) + mtrk(body), "r.mid"),
               {{60, 100, 0.0, 0.5, 0, 0, false}, {60, 90, 0.5, 1.0, 0, 0, false}}, 1e-12);
}

}  // namespace
}  // namespace genlab::music
