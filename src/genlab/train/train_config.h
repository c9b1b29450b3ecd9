// [train]: how a run optimises. Fixed when the run starts and saved with it; a resumed run keeps it
// (only `steps` may be raised to extend the run).
#pragma once

#include <cstdint>
#include <string>

#include "genlab/core/config.h"

namespace genlab::train {

struct TrainConfig {
  int64_t steps = 10000;          // total optimizer steps of the run (the schedule's horizon)
  double epochs = 0;              // > 0: set steps = epochs * steps per epoch at start
  int64_t batch_size = 64;        // examples per step (1 = plain SGD)
  std::string optimizer = "adam"; // sgd | sgd-momentum | adam | adamw
  double lr = 2e-4;               // peak learning rate
  double momentum = 0.9;          // sgd-momentum only
  double beta1 = 0.9;             // adam/adamw first-moment decay
  double beta2 = 0.999;           // adam/adamw second-moment decay
  double eps = 1e-8;              // adam/adamw denominator epsilon
  double weight_decay = 0;        // L2 (sgd, adam) or decoupled (adamw) decay
  std::string schedule = "constant";  // constant | step | cosine (after warm-up)
  int64_t warmup_steps = 0;       // linear warm-up from 0 to lr over this many steps
  double lr_min = 0.1;            // cosine: final lr as a fraction of lr
  int64_t step_size = 0;          // step: decay every this many steps; 0 = a third of the run
  double gamma = 0.1;             // step: decay factor
  double grad_clip = 0;           // clip each optimizer's gradient norm to this; 0 = off
  uint64_t seed = 1337;           // initial weights, noise and data order
  int64_t every = 500;            // checkpoint + sample grid + report every N steps
  int64_t keep = 3;               // step checkpoints kept (older ones deleted); best is separate
  int64_t eval_every = 500;       // held-out evaluation every N steps; 0 = off
  int64_t eval_batches = 20;      // held-out batches per evaluation; 0 = all
  int64_t log_every = 10;         // metrics.jsonl line every N steps
  int64_t sample_n = 64;          // images in each sample grid

  template <class V>
  void fields(V& v) {
    v("steps", steps, "total optimizer steps of the run (the schedule's horizon)");
    v("epochs", epochs, "> 0: set steps = epochs * steps per epoch at start");
    v("batch_size", batch_size, "examples per step (1 = plain SGD)");
    v("optimizer", optimizer, "sgd | sgd-momentum | adam | adamw");
    v("lr", lr, "peak learning rate");
    v("momentum", momentum, "sgd-momentum only");
    v("beta1", beta1, "adam/adamw first-moment decay");
    v("beta2", beta2, "adam/adamw second-moment decay");
    v("eps", eps, "adam/adamw denominator epsilon");
    v("weight_decay", weight_decay, "L2 (sgd, adam) or decoupled (adamw) decay");
    v("schedule", schedule, "constant | step | cosine (after warm-up)");
    v("warmup_steps", warmup_steps, "linear warm-up from 0 to lr over this many steps");
    v("lr_min", lr_min, "cosine: final lr as a fraction of lr");
    v("step_size", step_size, "step: decay every this many steps; 0 = a third of the run");
    v("gamma", gamma, "step: decay factor");
    v("grad_clip", grad_clip, "clip each optimizer's gradient norm to this; 0 = off");
    v("seed", seed, "initial weights, noise and data order");
    v("every", every, "checkpoint + sample grid + report every N steps");
    v("keep", keep, "step checkpoints kept (older ones deleted); best is separate");
    v("eval_every", eval_every, "held-out evaluation every N steps; 0 = off");
    v("eval_batches", eval_batches, "held-out batches per evaluation; 0 = all");
    v("log_every", log_every, "metrics.jsonl line every N steps");
    v("sample_n", sample_n, "images in each sample grid");
  }

  // Throws Error naming the key, and the file or flag that set it, for values out of range or
  // unknown choices.
  void validate(const core::Settings& settings) const;
};

}  // namespace genlab::train
