// `genlab sample` for models trained on music: Performance-RNN events sampled through the sampler
// chain until --seconds of music, written as .mid, rendered to .wav (FluidSynth) and drawn as a
// piano-roll .png, each signed (music carries no watermark; docs/watermark.md).
#pragma once

#include <cstdint>
#include <string>

#include "genlab/models/serialize.h"
#include "genlab/music/events.h"
#include "genlab/provenance/labeler.h"
#include "genlab/sample/sampler.h"

namespace genlab::cli {

struct MusicSampleOptions {
  double seconds = 30;       // music per sample (time shifts summed)
  std::string primer;        // MIDI file whose events start every sample (the output continues it)
  int64_t max_events = 20000;  // safety cap on events per sample
  bool no_audio = false;     // skip the .wav rendering
  double max_note_seconds = music::k_generated_max_note_s;  // longest note the decoder lets sound; 0 = no cap
};

// Writes sample-NNN.{mid,wav,png} into out_dir; returns the exit code.
int sample_music(models::OpenedModel& opened, const MusicSampleOptions& options, const sample::SamplerConfig& sampler,
                 int64_t n, uint64_t seed, const std::string& out_dir, const provenance::Labeler& labeler,
                 provenance::ProvenanceRecord record, const std::string& model_path);

}  // namespace genlab::cli
