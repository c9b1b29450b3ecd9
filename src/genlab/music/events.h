// Performance RNN event tokenization (Magenta note-seq's PerformanceOneHotEncoding, 100 steps per
// second, 32 velocity bins): a NoteSequence becomes a stream of 388 event ids and back. The
// vocabulary has no instruments: every program and channel merges into one piano part, and drum
// notes (channel 10) are dropped and counted. Also the two augmentations applied to sequences before
// encoding: transposition and tempo stretch. Torch-free. See docs/music.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "genlab/music/midi.h"

namespace genlab::music {

// ====== Vocabulary ======
// id   0..127  NOTE_ON pitch           (id = pitch)
// id 128..255  NOTE_OFF pitch          (id = 128 + pitch)
// id 256..355  TIME_SHIFT 1..100 steps (id = 256 + steps - 1; one step = 10 ms)
// id 356..387  VELOCITY bin 1..32      (id = 356 + bin - 1)

constexpr int k_note_on_base = 0;
constexpr int k_note_off_base = 128;
constexpr int k_time_shift_base = 256;
constexpr int k_velocity_base = 356;
constexpr int k_event_count = 388;
constexpr int k_steps_per_second = 100;
constexpr int k_max_shift_steps = 100;
constexpr int k_velocity_bins = 32;

// Magenta's binning: bin = (velocity - 1) / 4 + 1 (1..32); a bin decodes to 1 + (bin - 1) * 4.
int velocity_to_bin(int velocity);
int bin_to_velocity(int bin);

// "NOTE_ON 60", "NOTE_OFF 60", "TIME_SHIFT 250ms", "VELOCITY 20". Throws Error for an id outside
// 0..387.
std::string event_name(int id);

// ====== Encoding ======

struct EncodedPerformance {
  std::vector<int> events;         // ids in 0..k_event_count-1
  int64_t dropped_drum_notes = 0;  // drum notes (is_drum) left out: the vocabulary has no drums
  int64_t merged_notes = 0;        // notes struck while their pitch sounded (cut short or merged)
};

// Quantizes onsets and releases to 10 ms steps (rounding to nearest; a note shorter than one step
// after rounding is lengthened to one step) and reduces the notes to one piano part: a pitch struck
// while a note of it sounds ends that note at the new onset, and notes of one pitch with the same
// onset become one (the highest velocity, the latest release); merged_notes counts both. (Merging
// channels doubles many melodies in unison; with the doubles kept a model must count how many notes
// of a pitch are open to release them all, and the ones it forgets hang.) Then it emits, step by
// step, the note-offs (by pitch) before the note-ons (by pitch), a VELOCITY event before any
// note-on whose bin differs from the last one emitted, and TIME_SHIFTs of at most 100 steps between
// steps. No trailing time shift.
EncodedPerformance encode_performance(const NoteSequence& sequence);

// Magenta's cap on generated notes (performance_sequence_generator: "This model can leave hanging
// notes. To avoid cacophony we turn off any note after 5 seconds."). Generated pieces are decoded
// with it; real pieces are not.
constexpr double k_generated_max_note_s = 5.0;

// Replays events: TIME_SHIFT advances the clock, VELOCITY sets the velocity of following notes
// (100 until the first VELOCITY), NOTE_ON opens a note, NOTE_OFF closes the earliest open note of
// that pitch (ignored if none is open). Notes still open at the end close at the final time; notes
// of zero length are dropped. With max_note_s > 0 a note sounds at most that long (it ends at
// onset + max_note_s when its NOTE_OFF comes later or never); 0 = no cap. Result: program 0,
// channel 0, one tempo-less piano part.
// Throws Error "event N: id X is outside 0..387" and "max_note_s = X must not be negative".
NoteSequence decode_performance(const std::vector<int>& events, double max_note_s = 0);

// Which pitches sound as decode_performance pairs the events, and the encoding's grammar: encoded
// music never has a NOTE_ON of a sounding pitch or a NOTE_OFF of a silent one (one key per pitch).
// Samplers mask the events it forbids.
class KeyState {
 public:
  void apply(int event);             // follows an event (any id; only NOTE_ON/NOTE_OFF change state)
  bool allowed(int event) const;     // false for a NOTE_ON of a sounding pitch or NOTE_OFF of a silent one
 private:
  std::array<int, 128> m_open{};     // open notes per pitch
};

// ====== Augmentation ======

// Shifts every non-drum pitch by `semitones`. Refuses (returns nullopt) when any note would leave
// 0..127, as Magenta's transposition pipeline does, so no note is silently lost. Drums keep their
// pitches (a drum "pitch" names an instrument).
std::optional<NoteSequence> transpose(const NoteSequence& sequence, int semitones);

// Multiplies every time by `factor` (> 1 is slower) and divides tempos by it.
// Throws Error "stretch factor F must be positive".
NoteSequence stretch(const NoteSequence& sequence, double factor);

}  // namespace genlab::music
