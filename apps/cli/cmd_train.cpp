// `genlab train FAMILY [flags]` and `genlab train --resume RUN`: flags become settings with their
// source named, so an error can say which flag or file a bad value came from.
#include <fmt/format.h>

#include <list>
#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/labels.h"
#include "genlab/core/check.h"
#include "genlab/core/duration.h"
#include "genlab/core/progress.h"
#include "genlab/core/stop.h"
#include "genlab/models/registry.h"
#include "genlab/train/launch.h"

namespace genlab::cli {
namespace {

struct TrainOptions {
  std::string family;
  std::string resume;
  std::string config;
  std::string run;
  bool force = false;
  std::vector<std::string> sets;
  int threads = 0;
  std::string device = "auto";
  int64_t stop_at = 0;
  std::string time_budget;
  bool quiet = false;
  bool strict = false;
  // Flags that are shorthands for [train]/[data] keys; a list keeps the addresses CLI11 writes to.
  struct Shorthand {
    std::string key;
    std::string value;
    bool text = false;  // taken verbatim as a string (paths), not parsed as a TOML value
    CLI::Option* option = nullptr;
  };
  std::list<Shorthand> shorthands;
};

// Binds "--flag VALUE" as a shorthand for "--set key=VALUE".
void shorthand(CLI::App& app, TrainOptions& o, const std::string& flag, const std::string& key, const std::string& help,
               bool text = false) {
  auto& s = o.shorthands.emplace_back();
  s.key = key;
  s.text = text;
  s.option = app.add_option(flag, s.value, help + " (= --set " + key + "=...)")
                 ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

}  // namespace

Runner setup_train(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  std::string families;
  for (const auto& f : models::families()) families += (families.empty() ? "" : ", ") + f.name;
  app.add_option("family", o->family, "model family: " + families);
  app.add_option("--resume", o->resume, "continue the run in this directory from its latest checkpoint");
  app.add_option("--config", o->config, "preset TOML file (configs/*.toml), applied before flags");
  app.add_option("--run", o->run, "run directory (default runs/<family>-<timestamp>)");
  app.add_flag("--force", o->force, "start over in an existing run directory");
  app.add_option("--set", o->sets, "override any key: --set train.lr=1e-3 (repeatable)")
      ->allow_extra_args(false);  // one value per --set, so a family after it is not eaten
  app.add_option("--threads", o->threads, "CPU threads (0 = all cores)");
  app.add_option("--device", o->device, "auto | cpu | cuda | cuda:N");
  app.add_option("--stop-at", o->stop_at, "stop after this step without changing the schedule");
  app.add_option("--time-budget", o->time_budget, "stop cleanly after this long, e.g. 10m, 1h30m");
  app.add_flag("--quiet", o->quiet, "no progress output");
  shorthand(app, *o, "--steps", "train.steps", "total steps of the run");
  shorthand(app, *o, "--epochs", "train.epochs", "run length in epochs (instead of --steps)");
  shorthand(app, *o, "--batch-size", "train.batch_size", "examples per step (1 = plain SGD)");
  shorthand(app, *o, "--lr", "train.lr", "peak learning rate");
  shorthand(app, *o, "--optimizer", "train.optimizer", "sgd | sgd-momentum | adam | adamw");
  shorthand(app, *o, "--schedule", "train.schedule", "constant | step | cosine");
  shorthand(app, *o, "--warmup-steps", "train.warmup_steps", "linear warm-up steps");
  shorthand(app, *o, "--grad-clip", "train.grad_clip", "gradient-norm clip (0 = off)");
  shorthand(app, *o, "--seed", "train.seed", "seed for weights, noise and data order");
  shorthand(app, *o, "--every", "train.every", "checkpoint + sample grid every N steps");
  shorthand(app, *o, "--eval-every", "train.eval_every", "held-out evaluation every N steps");
  shorthand(app, *o, "--keep", "train.keep", "step checkpoints to keep");
  shorthand(app, *o, "--data", "data.path",
            "training data: IDX file or folder (images), UTF-8 file or folder, builtin:kjv, builtin:fortunes-ru "
            "(text), MIDI file or folder, builtin:music (music)",
            /*text=*/true);
  shorthand(app, *o, "--modality", "data.modality", "image | text | music (default: the family's, or music for MIDI data)",
            /*text=*/true);
  app.add_flag("--strict", o->strict, "any unreadable data file is fatal (= --set data.strict=true)");

  return [o] {
    if (o->resume.empty() == o->family.empty())
      fail("train: give a family to start a run (genlab train gan-mlp) or --resume RUN, not both or neither");
    if (!o->resume.empty() && (!o->config.empty() || !o->run.empty() || o->force))
      fail("train --resume: --config, --run and --force apply to new runs only");
    train::LaunchRequest request;
    request.family = o->family;
    request.resume = o->resume;
    request.config_file = o->config;
    request.run_dir = o->run;
    request.force = o->force;
    request.device = o->device;
    for (const auto& s : o->shorthands) {
      if (s.option->count() == 0) continue;
      if (s.text) request.overrides.set(s.key, s.value, "--" + s.option->get_single_name());
      else request.overrides.set_assignment(s.key + "=" + s.value, "--" + s.option->get_single_name());
    }
    for (const auto& s : o->sets) request.overrides.set_assignment(s, "--set " + s);
    if (o->strict) request.overrides.set("data.strict", true, "--strict");
    request.threads = init_runtime(o->threads, /*announce=*/true);
    request.options.stop_at = o->stop_at;
    if (!o->time_budget.empty()) request.options.time_budget_s = core::parse_duration(o->time_budget, "--time-budget");
    request.options.tty = core::Progress::stderr_is_tty();
    request.options.quiet = o->quiet;
    request.options.labeler = make_labeler(/*watermark=*/true);

    core::install_stop_handlers();
    const auto result = train::launch_training(request);
    const auto& r = result.train;
    fmt::print("{} at step {}{} | {:.1f} steps/s | checkpoint {}\n", r.finished ? "finished" : "stopped", r.step,
               r.stop_reason.empty() ? "" : " (" + r.stop_reason + ")", r.steps_per_s, r.last_checkpoint);
    fmt::print("samples: {}/samples/  report: {}/report/  metrics: {}/metrics.jsonl\n", result.run_dir,
               result.run_dir, result.run_dir);
    return r.stop_signal ? 128 + r.stop_signal : 0;
  };
}

}  // namespace genlab::cli
