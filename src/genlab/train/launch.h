// Starting or resuming a run from settings: resolves the config (struct defaults -> family
// defaults -> --config preset -> flags and --set), opens the data, builds the model, prepares the
// run directory and hands everything to the Trainer. The CLI's `train` is a thin wrapper on this.
#pragma once

#include <string>

#include "genlab/core/config.h"
#include "genlab/train/trainer.h"

namespace genlab::train {

struct LaunchRequest {
  std::string family;        // new run: registry name; empty when resuming
  std::string resume;        // run directory to continue; empty for a new run
  std::string config_file;   // --config preset (new runs only)
  core::Settings overrides;  // flags and --set, each with its source
  std::string run_dir;       // new run: "" = runs/<family>-<timestamp>
  bool force = false;        // new run: start over in an existing run directory
  int threads = 0;           // intra-op threads in use (recorded; exact resume needs the same)
  std::string device = "auto";
  RunOptions options;
};

struct LaunchResult {
  std::string run_dir;
  TrainResult train;
};

LaunchResult launch_training(const LaunchRequest& request);

}  // namespace genlab::train
