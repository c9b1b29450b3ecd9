// Optimizers and learning-rate schedules built from [train], and their exact state in checkpoints.
// State is written by parameter position, not through LibTorch's optimizer archives, whose keys do
// not survive 1.13 -> 2.x (see backend/compat.h).
#pragma once

#include <memory>
#include <string>

#include "genlab/backend/archive.h"
#include "genlab/backend/torch.h"
#include "genlab/models/model.h"
#include "genlab/train/train_config.h"

namespace genlab::train {

// Builds the optimizer named by config.optimizer over spec's groups (no-decay groups get 0).
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainConfig& config, const models::OptimizerSpec& spec);

// Learning rate for 0-based step under config's schedule (warm-up, then constant/step/cosine).
double scheduled_lr(const TrainConfig& config, int64_t step);

void set_lr(torch::optim::Optimizer& optimizer, double lr);

// Writes/reads every parameter's state as "<prefix>.<position>.<field>".
void save_optimizer_state(backend::ArchiveWriter& out, const std::string& prefix,
                          torch::optim::Optimizer& optimizer, const std::string& kind);
void load_optimizer_state(const backend::ArchiveReader& in, const std::string& prefix,
                          torch::optim::Optimizer& optimizer, const std::string& kind);

}  // namespace genlab::train
