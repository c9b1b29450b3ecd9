// Run set-up and resume (see launch.h).
#include "genlab/train/launch.h"

#include <algorithm>
#include <cmath>
#include <iostream>

#include "genlab/backend/device.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/base64.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/models/registry.h"

namespace genlab::train {
namespace {

// Top-level keys of config.toml.
struct RunHeader {
  std::string family;  // registry name of the model family

  template <class V>
  void fields(V& v) {
    v("family", family, "model family (genlab models lists them)");
  }
};

std::string defaults_source(const std::string& family) { return family + " defaults"; }

nlohmann::json data_json(const data::DataInfo& info) {
  nlohmann::json j = {{"modality", data::modality_name(info.modality)}, {"source", info.source},
                      {"example_shape", info.example_shape},            {"num_classes", info.num_classes},
                      {"class_names", info.class_names},                {"train_examples", info.train_examples},
                      {"val_examples", info.val_examples}};
  if (info.vocab_size > 0) j["vocab_size"] = info.vocab_size;
  if (info.tokenizer) j["tokenizer"] = core::base64_encode(info.tokenizer->serialize());
  return j;
}

// A resumed text run keeps the tokenizer it was trained with (RUN/tokenizer.bin).
std::shared_ptr<const text::Tokenizer> run_tokenizer(const RunDir& run) {
  const std::string path = run.tokenizer_path();
  if (!core::path_exists(path)) return nullptr;
  return text::load_tokenizer(core::read_file(path));
}

}  // namespace

LaunchResult launch_training(const LaunchRequest& request) {
  const bool resuming = !request.resume.empty();
  core::Settings settings;
  std::string run_path;
  if (resuming) {
    run_path = request.resume;
    RunDir::open(run_path);  // checks it is a run directory
    settings.load_toml_file(core::join_path(run_path, "config.toml"));
    for (const auto& [key, setting] : request.overrides.values()) {
      if (key != "train.steps")
        fail("{}: cannot change {} of an existing run; only --steps may extend it (start a new run to change it)",
             setting.source, key);
      settings.set(key, setting.value, setting.source);
    }
  } else {
    const models::Family& family = models::find_family(request.family);
    settings.load_toml_string(family.default_settings, defaults_source(family.name));
    if (!request.config_file.empty()) settings.load_toml_file(request.config_file);
    for (const auto& [key, setting] : request.overrides.values()) settings.set(key, setting.value, setting.source);
    settings.set("family", family.name, "the train command");
  }

  RunHeader run_header;
  TrainConfig config;
  data::DataConfig data_config;
  settings.bind("", run_header);
  settings.bind("train", config);
  settings.bind("data", data_config);
  const models::Family& family = models::find_family(run_header.family);

  const torch::Device device = backend::choose_device(request.device);
  // A family's default warm-up must not make a short run invalid: it shrinks to a tenth of the run.
  if (const core::Setting* w = settings.find("train.warmup_steps");
      w && w->source == defaults_source(family.name) && config.warmup_steps > config.steps)
    config.warmup_steps = config.steps / 10;
  config.validate(settings);
  const auto source_of = [&](const char* key) {
    const core::Setting* s = settings.find(key);
    return s ? s->source : std::string(family.name + " defaults");
  };
  // Modality: as configured, else music for MIDI data, else the family's first; recorded in the run.
  data::Modality modality = family.modalities.front();
  if (!data_config.modality.empty())
    modality = data::parse_modality(data_config.modality, source_of("data.modality") + ": data.modality");
  else if (!data_config.path.empty() && data::is_midi_path(data_config.path))
    modality = data::Modality::music;
  if (std::find(family.modalities.begin(), family.modalities.end(), modality) == family.modalities.end())
    fail("{}: {} does not train on {} data; it takes {}", source_of("data.modality"), family.name,
         data::modality_name(modality), models::modality_list(family));
  data_config.modality = data::modality_name(modality);
  const std::string default_data = modality == data::Modality::music ? data::k_builtin_music : family.default_data;
  auto dataset = data::open_dataset(data_config, modality, default_data, config.seed,
                                    resuming ? run_tokenizer(RunDir::open(run_path)) : nullptr);
  if (config.batch_size > dataset->info().train_examples)
    fail("{}: train.batch_size = {}: larger than the {} training examples of {}", source_of("train.batch_size"),
         config.batch_size, dataset->info().train_examples, dataset->info().source);
  if (config.epochs > 0) {
    const core::Setting* steps = settings.find("train.steps");
    if (!resuming && steps && steps->source != defaults_source(family.name))
      fail("{}: train.steps and train.epochs are both given; use one", steps->source);
    if (!resuming)
      config.steps = static_cast<int64_t>(std::ceil(config.epochs * static_cast<double>(dataset->steps_per_epoch(config.batch_size))));
  }

  torch::manual_seed(config.seed);  // initial weights
  auto model = family.create(settings, dataset->info());
  settings.check_all_used();

  const std::string config_toml = "family = \"" + family.name + "\"\n\n" + core::to_toml("train", config) + "\n" +
                                  core::to_toml("data", data_config) + "\n" + model->config_toml();
  if (!resuming && request.run_dir.empty())
    run_path = core::join_path("runs", family.name + "-" + core::timestamp_for_name());
  else if (!resuming)
    run_path = request.run_dir;
  RunDir run = resuming ? RunDir::open(run_path) : RunDir::create(run_path, request.force);
  if (!resuming) {
    core::write_file_atomic(run.config_path(), config_toml);
    if (dataset->info().tokenizer) core::write_file_atomic(run.tokenizer_path(), dataset->info().tokenizer->serialize());
  }

  std::cout << (resuming ? "resuming " : "new run ") << run.path() << " on " << backend::describe_device(device)
            << ", " << request.threads << " thread(s)\n"
            << "data: " << dataset->info().source << " (" << dataset->info().train_examples << " train, "
            << dataset->info().val_examples << " held out)\n"
            << "model: " << family.name << ", " << model->parameter_count() << " parameters\n"
            << "resolved config:\n" << config_toml << std::endl;

  nlohmann::json header = {{"config", config_toml},
                           {"data", data_json(dataset->info())},
                           {"threads", request.threads},
                           {"device", backend::describe_device(device)}};
  const std::string latest = run.latest_checkpoint();
  if (resuming && latest.empty()) fail("{}: run has no checkpoint to resume from", run.path());

  Trainer trainer(std::move(model), std::move(dataset), config, run, header, device, request.options);
  if (resuming) {
    const int64_t step = trainer.resume_from(latest);
    if (config.steps < step)
      fail("{}: train.steps = {} is below the step already reached ({}); give --steps {} or more",
           source_of("train.steps"), config.steps, step, step);
    core::write_file_atomic(run.config_path(), config_toml);  // only --steps can have changed
    std::cout << "resumed from " << latest << " at step " << step << std::endl;
    const int saved_threads = trainer.checkpoint_threads();
    if (saved_threads > 0 && saved_threads != request.threads)
      std::cerr << "genlab: warning: the run was trained on " << saved_threads << " thread(s), this session uses "
                << request.threads << "; results stay valid but are not bit-identical to an uninterrupted run\n";
  }
  LaunchResult result;
  result.run_dir = run.path();
  result.train = trainer.run();
  return result;
}

}  // namespace genlab::train
