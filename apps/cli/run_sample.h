// What `genlab sample` does, given its options: shared by the command and by `genlab replay`, which
// rebuilds the options from a file's provenance record.
#pragma once

#include <cstdint>
#include <string>

#include "apps/cli/sample_music.h"
#include "apps/cli/sample_text.h"
#include "genlab/provenance/labeler.h"

namespace genlab::cli {

struct SampleOptions {
  std::string model;           // run directory or .ckpt
  int64_t n = 0;               // number of samples; 0 = 64 images or 1 text
  int64_t seed = -1;           // -1: a fresh random seed, printed
  std::string output;          // grid PNG path (images) or text file (text)
  std::string each;            // directory for one PNG per sample
  int cols = 0;                // grid columns; 0 = near-square
  int scale = 1;               // grid upscaling factor (nearest neighbour), for small images
  int threads = 0;
  std::string device = "auto";
  bool no_watermark = false;   // sign the output but leave it unwatermarked
  TextSampleOptions text;      // text families only (its sampler settings serve music too)
  MusicSampleOptions music;    // models trained on music
};

// Samples from the model and writes every output file, marked and signed by labeler; returns the
// exit code. The runtime (threads) must be initialised.
int run_sample(const SampleOptions& o, uint64_t seed, const provenance::Labeler& labeler);

}  // namespace genlab::cli
