// The training loop, for every family: batches from a Dataset, steps through the Model contract,
// learning-rate schedule, clipping, held-out evaluation, checkpoints (+ best), sample grids, metrics
// and the loss-curve report, progress, and graceful stops. It never names a family.
#pragma once

#include "genlab/provenance/labeler.h"

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "genlab/data/dataset.h"
#include "genlab/models/model.h"
#include "genlab/train/run_dir.h"
#include "genlab/train/train_config.h"

namespace genlab::train {

// Per-invocation options that are not part of the run's config (they may differ between the
// sessions of one run without changing its results, except threads, which bit-exactness needs).
struct RunOptions {
  int64_t stop_at = 0;        // stop after this step (the schedule is unchanged); 0 = off
  double time_budget_s = 0;   // stop when this session has trained this long; 0 = off
  bool tty = false;           // progress bar instead of plain lines
  bool quiet = false;         // no progress output at all
  // Watermarks and signs the sample grids; null: grids are written unlabelled.
  std::shared_ptr<const provenance::Labeler> labeler;
};

struct TrainResult {
  int64_t step = 0;               // step reached
  bool finished = false;          // reached train.steps
  int stop_signal = 0;            // SIGINT/SIGTERM that stopped it, else 0
  std::string stop_reason;        // "", "stop-at", "time budget", "signal"
  std::string last_checkpoint;    // path of the checkpoint written last
  double steps_per_s = 0;         // this session's training rate
};

class Trainer {
 public:
  // header: run facts embedded in every checkpoint (config TOML, data info, threads, device).
  Trainer(std::unique_ptr<models::Model> model, std::unique_ptr<data::Dataset> data, TrainConfig config,
          RunDir run, nlohmann::json header, torch::Device device, RunOptions options);
  ~Trainer();

  // Restores the full state from a checkpoint of this run, cuts metrics.jsonl back to its step and
  // returns that step.
  int64_t resume_from(const std::string& checkpoint_path);
  // Thread count recorded in the checkpoint resumed from (0 when unknown).
  int checkpoint_threads() const;

  TrainResult run();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace genlab::train
