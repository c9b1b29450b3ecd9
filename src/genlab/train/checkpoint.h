// The full training state in one file, enough for an exact resume (llm.c save_state): weights,
// every optimizer's state by parameter position, step, data cursor, all RNG states, best figure,
// family-specific state, plus the header (genlab version, family, resolved config, data) that
// `genlab sample` and `genlab info` need. Layout: docs/formats/checkpoint.md.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "genlab/backend/archive.h"
#include "genlab/data/dataset.h"
#include "genlab/models/model.h"

namespace genlab::train {

struct TrainState {
  int64_t step = 0;                                          // optimizer steps done
  data::Cursor cursor;                                       // where the data stream stands
  double best = std::numeric_limits<double>::infinity();     // best selection figure so far
  int64_t best_step = -1;                                    // step of `best`, -1 = none
  double elapsed_s = 0;                                      // training wall time, all sessions
};

struct NamedOptimizer {
  std::string name;                          // as in the model's OptimizerSpec
  torch::optim::Optimizer* optimizer;
};

struct CheckpointContext {
  models::Model* model;
  std::vector<NamedOptimizer> optimizers;
  std::string optimizer_kind;   // train.optimizer
  torch::Generator* noise;      // the trainer's noise generator
};

// Writes path atomically. `header` carries family, config, data and run facts.
void save_checkpoint(const std::string& path, const CheckpointContext& ctx, const TrainState& state,
                     const nlohmann::json& header);

// Restores everything save_checkpoint wrote into ctx (built from the same config) and returns the
// training state. Throws Error naming the file on any mismatch.
TrainState load_checkpoint(const backend::ArchiveReader& in, const CheckpointContext& ctx);

}  // namespace genlab::train
