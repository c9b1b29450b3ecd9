// `genlab sample` for models trained on music: Performance-RNN events sampled through the sampler
// chain until --seconds of music, written as .mid, rendered to .wav (FluidSynth) and drawn as a
// piano-roll .png, each signed (music carries no watermark; docs/watermark.md).
#pragma once

#include <cstdint>
#include <string>

#include "apps/cli/sample_options.h"
#include "genlab/models/serialize.h"
#include "genlab/music/events.h"
#include "genlab/provenance/labeler.h"
#include "genlab/sample/sampler.h"

namespace genlab::cli {

// Writes sample-NNN.{mid,wav,png} into out_dir; returns the exit code.
int sample_music(models::OpenedModel& opened, const MusicSampleOptions& options, const sample::SamplerConfig& sampler,
                 int64_t n, uint64_t seed, const std::string& out_dir, const provenance::Labeler& labeler,
                 provenance::ProvenanceRecord record, const std::string& model_path);

}  // namespace genlab::cli
