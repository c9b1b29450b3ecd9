// `genlab eval` for models trained on music: likelihood on the held-out pieces against an
// event-bigram baseline fitted on the same training variants, musical statistics of fresh samples
// (the model's and the bigram's) against the held-out pieces, and originality against the training
// pieces.
#pragma once

#include <cstdint>
#include <string>

#include "genlab/data/dataset.h"
#include "genlab/models/serialize.h"

namespace genlab::cli {

struct MusicEvalOptions {
  int64_t samples = 128;   // fresh pieces from the model (and as many from the bigram); pitch-class
                           // histograms pooled over fewer still follow the keys the pieces drew
  double seconds = 30;     // music per fresh piece
  double temperature = 1;  // sampling temperature of the fresh pieces: 1 samples the model's own
                           // distribution, which is what the statistics compare with the data's
  uint64_t seed = 1;       // seed of the first piece; piece i uses seed + i
  std::string json;        // also write the figures here
};

// Prints the report (and writes JSON); returns the exit code.
int eval_music(models::OpenedModel& opened, const data::DataConfig& data, const std::string& default_data,
               const MusicEvalOptions& options, const torch::Device& device);

}  // namespace genlab::cli
