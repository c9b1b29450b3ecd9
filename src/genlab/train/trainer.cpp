// The training loop (see trainer.h).
#include "genlab/train/trainer.h"

#include <chrono>
#include <cmath>
#include <map>
#include <sstream>

#include "genlab/backend/archive.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/core/progress.h"
#include "genlab/core/stop.h"
#include "genlab/image/grid.h"
#include "genlab/image/plot.h"
#include "genlab/image/png.h"
#include "genlab/image/tensor_image.h"
#include "genlab/train/checkpoint.h"
#include "genlab/train/optim.h"
#include "genlab/train/step_context.h"

namespace genlab::train {
namespace {

// Held-out evaluation draws its noise from a generator re-seeded from this each time, so figures
// are comparable across evaluations and never disturb the training noise stream.
constexpr uint64_t k_eval_seed_offset = 0xe7a1ULL;

std::string status_line(const models::Figures& figures) {
  std::string out;
  for (const auto& [name, value] : figures) out += fmt::format("{}{} {:.4f}", out.empty() ? "" : " ", name, value);
  return out;
}

}  // namespace

struct Trainer::Impl {
  std::unique_ptr<models::Model> model;
  std::unique_ptr<data::Dataset> data;
  TrainConfig config;
  RunDir run;
  nlohmann::json header;
  torch::Device device;
  RunOptions options;

  OptimizerSteps steps;  // the optimizers and the noise generator
  TrainState state;
  int checkpoint_threads = 0;  // threads of the checkpoint resumed from
  std::map<std::string, image::Series> history;  // figure name -> points, for the report

  Impl(std::unique_ptr<models::Model> m, std::unique_ptr<data::Dataset> d, TrainConfig c, RunDir r, nlohmann::json h,
       torch::Device dev, RunOptions o)
      : model(std::move(m)), data(std::move(d)), config(std::move(c)), run(std::move(r)), header(std::move(h)),
        device(dev), options(o), steps((model->to(device), *model), config, device) {}

  CheckpointContext checkpoint_context() { return {model.get(), steps.named(), config.optimizer, &steps.rng()}; }

  // Adds a metrics line's figures to the report's series (step, lr and times are not plotted).
  template <class Json>
  void add_to_history(const Json& line) {
    const auto step = static_cast<double>(line["step"].template get<int64_t>());
    for (const auto& [key, value] : line.items()) {
      if (key == "step" || key == "lr" || key == "elapsed_s" || !value.is_number()) continue;
      auto& series = history[key];
      series.name = key;
      series.x.push_back(step);
      series.y.push_back(value.template get<double>());
    }
  }

  void record(const nlohmann::ordered_json& line) {
    core::append_line(run.metrics_path(), line.dump());
    add_to_history(line);
  }

  void load_history() {
    history.clear();
    if (!core::path_exists(run.metrics_path())) return;
    std::istringstream in(core::read_file(run.metrics_path()));
    std::string line;
    while (std::getline(in, line)) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.contains("step") || !j["step"].is_number_integer()) continue;
      add_to_history(j);
    }
  }

  void write_report() {
    std::vector<image::Series> train_series, val_series;
    for (const auto& [name, series] : history) (name.rfind("val_", 0) == 0 ? val_series : train_series).push_back(series);
    image::PlotOptions o;
    o.title = fmt::format("{} training figures ({})", model->family(), run.path());
    core::write_file_atomic(core::join_path(run.report_dir(), "losses.svg"), image::svg_line_plot(train_series, o));
    if (!val_series.empty()) {
      o.title = fmt::format("{} held-out figures", model->family());
      o.y_label = "value";
      core::write_file_atomic(core::join_path(run.report_dir(), "validation.svg"), image::svg_line_plot(val_series, o));
    }
  }

  // The fixed-noise grid of this step, watermarked and signed (naming checkpoint) when labelling.
  void write_sample_grid(const std::string& checkpoint) {
    model->train(false);
    models::SampleRequest request;
    request.n = config.sample_n;
    request.seed = config.seed;  // fixed noise: the same latent points every time, to watch learning
    auto samples = model->sample(request);
    model->train(true);
    if (!samples.images.defined()) return;
    const std::string path = run.sample_grid_path(state.step);
    const auto& labeler = options.labeler;
    auto grid = image::tile(image::to_images(samples.images));
    image::write_png(path, labeler ? labeler->mark(grid) : grid);
    if (!labeler) return;
    provenance::ProvenanceRecord record;
    record.model_family = model->family();
    record.checkpoint_hash = provenance::file_hash(checkpoint);
    record.sampling = nlohmann::json{{"command", "train"}, {"step", state.step}, {"n", request.n}}.dump();
    record.seed = request.seed;
    record.watermark = labeler->image_watermark_json();
    labeler->sign(path, record);
  }

  std::string save() {
    const std::string path = run.checkpoint_path(state.step);
    save_checkpoint(path, checkpoint_context(), state, header);
    run.set_latest(path);
    run.prune_checkpoints(config.keep);
    return path;
  }

  void evaluate() {
    model->train(false);
    auto rng = backend::make_cpu_generator(config.seed + k_eval_seed_offset);
    std::vector<std::pair<std::string, double>> sums;
    int64_t batches = 0;
    for (const auto& batch : data->val_batches(config.batch_size, config.eval_batches, device)) {
      const auto figures = model->eval_step(batch, rng);
      if (sums.empty()) sums = figures;
      else
        for (size_t i = 0; i < figures.size(); ++i) sums[i].second += figures[i].second;
      ++batches;
    }
    model->train(true);
    if (batches == 0) return;
    nlohmann::ordered_json line = {{"step", state.step}};
    double selection = NAN;
    for (auto& [name, value] : sums) {
      value /= static_cast<double>(batches);
      line[name] = value;
      if (name == model->selection_figure()) selection = value;
    }
    record(line);
    if (std::isfinite(selection) && selection < state.best) {
      state.best = selection;
      state.best_step = state.step;
      save_checkpoint(run.best_checkpoint_path(), checkpoint_context(), state, header);
    }
  }
};

Trainer::Trainer(std::unique_ptr<models::Model> model, std::unique_ptr<data::Dataset> data, TrainConfig config,
                 RunDir run, nlohmann::json header, torch::Device device, RunOptions options)
    : m_impl(std::make_unique<Impl>(std::move(model), std::move(data), std::move(config), std::move(run),
                                    std::move(header), device, options)) {}

Trainer::~Trainer() = default;

int64_t Trainer::resume_from(const std::string& checkpoint_path) {
  backend::ArchiveReader in(checkpoint_path);
  m_impl->state = load_checkpoint(in, m_impl->checkpoint_context());
  m_impl->checkpoint_threads = in.header().value("threads", 0);
  m_impl->run.cut_metrics(m_impl->state.step);
  m_impl->load_history();
  return m_impl->state.step;
}

int Trainer::checkpoint_threads() const { return m_impl->checkpoint_threads; }

TrainResult Trainer::run() {
  Impl& t = *m_impl;
  TrainConfig& c = t.config;
  TrainResult result;
  core::ProgressOptions po;
  po.label = "train " + t.model->family();
  po.tty = t.options.tty;
  core::Progress progress(c.steps, t.state.step, po);

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const int64_t first_step = t.state.step;
  const double elapsed_before = t.state.elapsed_s;
  int64_t saved_step = t.state.step;
  models::Figures last;
  t.model->train(true);

  while (t.state.step < c.steps) {
    if (t.options.stop_at > 0 && t.state.step >= t.options.stop_at) {
      result.stop_reason = "stop-at";
      break;
    }
    if (const int sig = core::stop_signal()) {
      result.stop_signal = sig;
      result.stop_reason = "signal";
      break;
    }
    const double session_s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (t.options.time_budget_s > 0 && session_s >= t.options.time_budget_s) {
      result.stop_reason = "time budget";
      break;
    }

    const double lr = scheduled_lr(c, t.state.step);
    t.steps.set_lr(lr);
    const auto batch = t.data->next_batch(t.state.cursor, c.batch_size, t.device);
    last = t.model->training_step(batch, t.steps);
    t.state.step += 1;
    t.state.elapsed_s = elapsed_before + std::chrono::duration<double>(Clock::now() - t0).count();

    if (t.state.step % c.log_every == 0 || t.state.step == c.steps) {
      nlohmann::ordered_json line = {{"step", t.state.step}, {"lr", lr}};
      for (const auto& [name, value] : last) line[name] = value;
      line["elapsed_s"] = t.state.elapsed_s;
      t.record(line);
    }
    if (c.eval_every > 0 && t.state.step % c.eval_every == 0) t.evaluate();
    if (t.state.step % c.every == 0 || t.state.step == c.steps) {
      result.last_checkpoint = t.save();
      saved_step = t.state.step;
      t.write_sample_grid(result.last_checkpoint);
      t.write_report();
    }
    if (!t.options.quiet) progress.update(t.state.step, status_line(last));
  }

  if (t.state.step != saved_step || result.last_checkpoint.empty()) {
    if (t.state.step > 0) result.last_checkpoint = t.save();
    t.write_report();
  }
  if (!result.stop_reason.empty())
    t.record({{"step", t.state.step}, {"event", "stopped"}, {"reason", result.stop_reason}});
  if (!t.options.quiet) progress.finish(status_line(last));
  const double session_s = std::chrono::duration<double>(Clock::now() - t0).count();
  result.step = t.state.step;
  result.finished = t.state.step >= c.steps;
  result.steps_per_s = session_s > 0 ? static_cast<double>(t.state.step - first_step) / session_s : 0;
  return result;
}

}  // namespace genlab::train
