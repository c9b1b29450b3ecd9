// Standard MIDI Files (SMF format 0 and 1) to and from NoteSequence, genlab's in-memory score.
// Our own reader/writer (not libsmf): every error names the file and the byte offset, and nothing
// but the standard library is needed. Not a general MIDI toolkit: only notes, programs, tempo and
// the sustain pedal survive; other controllers, pitch bend, sysex and meta events are skipped.
// Torch-free. See docs/music.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace genlab::music {

// ====== NoteSequence ======

constexpr int k_drum_channel = 9;  // MIDI channel 10, counted from 0

struct Note {
  int pitch = 60;        // MIDI key 0..127 (60 = middle C)
  int velocity = 100;    // 1..127
  double start_s = 0;    // onset, seconds from the start of the piece
  double end_s = 0;      // release, seconds; end_s >= start_s
  int program = 0;       // General MIDI program 0..127 in force on the channel at the onset
  int channel = 0;       // 0..15
  bool is_drum = false;  // true exactly when channel == k_drum_channel
};

struct TempoChange {
  double time_s = 0;  // when the tempo takes effect, seconds
  double qpm = 120;   // quarter notes per minute
};

struct NoteSequence {
  std::vector<Note> notes;          // sorted by (start_s, pitch, channel)
  std::vector<TempoChange> tempos;  // sorted by time; empty means the MIDI default, 120 qpm
  double total_time_s = 0;          // latest note end, seconds (0 for no notes)
};

// Sorts notes by (start_s, pitch, channel) and sets total_time_s to the latest note end.
void finalize(NoteSequence& sequence);

// ====== Reading ======

struct MidiReadOptions {
  bool apply_sustain = true;  // CC64 >= 64 holds note-offs until the pedal lifts (Magenta's rule)
};

// Parses SMF bytes; `name` (usually the path) starts every error message. Formats 0 and 1, metrical
// or SMPTE division, running status, tempo maps across all tracks, unknown chunks skipped.
// Throws Error "<name>: <problem> at byte N", e.g. "x.mid: truncated MTrk chunk at byte 22",
// "x.mid: not a MIDI file (no MThd header) at byte 0", "x.mid: MIDI format 2 is not supported at
// byte 8". A note never released is closed at the file's last event.
NoteSequence parse_midi(std::string_view bytes, const std::string& name, const MidiReadOptions& options = {});

// read_file + parse_midi(bytes, path).
NoteSequence read_midi(const std::string& path, const MidiReadOptions& options = {});

// ====== Writing ======

struct MidiWriteOptions {
  int format = 1;  // 0: one track; 1: a tempo track, then one track per channel used
};

// Encodes at 480 ticks per quarter with one tempo (the sequence's first, else 120 qpm); times are
// converted with that tempo, so they survive to within one tick (about 1 ms at 120 qpm). Drum notes
// go to channel 10; a program change precedes each note whose program differs from the channel's
// current one; running status is used. Throws Error "note N: <problem>" for out-of-range fields.
std::string encode_midi(const NoteSequence& sequence, const MidiWriteOptions& options = {});

// encode_midi + AtomicFile.
void write_midi(const std::string& path, const NoteSequence& sequence, const MidiWriteOptions& options = {});

}  // namespace genlab::music
