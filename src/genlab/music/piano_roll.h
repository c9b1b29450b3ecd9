// Piano-roll pictures of a NoteSequence: time runs left to right, pitch bottom to top, one row per
// semitone; piano notes are orange and drum notes blue, brighter for higher velocity; a grey line
// marks the bottom of every C row. Torch-free.
#pragma once

#include <string>

#include "genlab/image/image.h"
#include "genlab/music/midi.h"

namespace genlab::music {

struct PianoRollConfig {
  double pixels_per_second = 50;  // horizontal scale, before the max_width cap
  int pixels_per_pitch = 4;       // row height
  int max_width = 8000;           // longer pieces are squeezed to this width (pixels)
};

// RGB image. Width: ceil(total_time_s * pixels_per_second), at least 1, at most max_width.
// Height: pixels_per_pitch per semitone from the C at or below the lowest pitch to the B at or
// above the highest (C3..B4, MIDI 48..71, when there are no notes).
// Throws Error when pixels_per_second or pixels_per_pitch is not positive.
Image piano_roll(const NoteSequence& sequence, const PianoRollConfig& config = {});

// piano_roll + image::write_png (atomic).
void write_piano_roll(const std::string& path, const NoteSequence& sequence, const PianoRollConfig& config = {});

}  // namespace genlab::music
