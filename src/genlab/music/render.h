// Offline audio: a MIDI file or NoteSequence rendered to a 16-bit stereo WAV through FluidSynth
// and a General MIDI soundfont, with no audio device. Faster than real time; deterministic for a
// given soundfont and FluidSynth version. Torch-free. See docs/music.md.
#pragma once

#include <cstdint>
#include <string>

#include "genlab/music/midi.h"

namespace genlab::music {

struct RenderConfig {
  std::string soundfont;     // .sf2 path; empty = find_soundfont()
  int sample_rate = 44100;   // Hz
  double gain = 0.5;         // FluidSynth synth.gain (its default is 0.2); sets the synth's level
                             // before normalisation, so it matters only for reverb/voice headroom
  double tail_s = 1.0;       // seconds rendered after the last note ends (releases, reverb)
  double max_seconds = 900;  // longer pieces are refused: the whole render is held in memory
                             // (about 10 MB per minute)
  double peak_dbfs = -3.0;   // the render is scaled so its loudest sample sits here (dB re full
                             // scale, < 0 so nothing clips); a silent render stays silent
};

struct RenderResult {
  int64_t frames = 0;           // stereo sample frames written: (last note end + tail_s) * sample_rate
  double seconds = 0;           // frames / sample_rate
  double peak_dbfs = -1e9;      // largest |sample| written, dB re full scale (-1e9: silent)
  double raw_peak_dbfs = -1e9;  // largest |sample| out of FluidSynth at `gain`, before scaling
  std::string soundfont;        // the soundfont used
};

// $GENLAB_SOUNDFONT if set (it must exist), else the first present of Debian's
// /usr/share/sounds/sf2/FluidR3_GM.sf2 (fluid-soundfont-gm), /usr/share/sounds/sf2/TimGM6mb.sf2
// (timgm6mb-soundfont), /usr/share/sounds/sf2/default-GM.sf2, /usr/share/soundfonts/default.sf2.
// Throws Error naming the paths tried and the package to install.
std::string find_soundfont();

// Parses the MIDI (errors with byte offsets, as read_midi), plays it through FluidSynth with
// player.timing-source=sample, and writes the WAV atomically (AtomicFile: temp beside wav_path,
// then rename). Throws Error "<sf2>: FluidSynth cannot load this soundfont", "<midi>: N s is longer
// than max_seconds M".
RenderResult render_midi(const std::string& midi_path, const std::string& wav_path, const RenderConfig& config = {});

// encode_midi(sequence) + the same rendering.
RenderResult render_sequence(const NoteSequence& sequence, const std::string& wav_path,
                             const RenderConfig& config = {});

}  // namespace genlab::music
