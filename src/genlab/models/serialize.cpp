// Model weights in checkpoints; opening a trained model (see serialize.h).
#include "genlab/models/serialize.h"

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/models/registry.h"

namespace genlab::models {

void save_weights(backend::ArchiveWriter& out, Model& model) {
  for (auto& [name, module] : model.modules()) {
    for (const auto& item : module->named_parameters()) out.put("model." + name + "." + item.key(), item.value());
    for (const auto& item : module->named_buffers()) out.put("model." + name + "." + item.key(), item.value());
  }
}

void load_weights(const backend::ArchiveReader& in, Model& model) {
  torch::NoGradGuard no_grad;
  for (auto& [name, module] : model.modules()) {
    auto copy = [&](const std::string& key, torch::Tensor& target) {
      auto t = in.get("model." + name + "." + key);
      if (t.sizes() != target.sizes())
        fail("{}: tensor 'model.{}.{}' has shape {}, the model expects {}", in.path(), name, key,
             fmt::join(t.sizes(), "x"), fmt::join(target.sizes(), "x"));
      target.copy_(t);
    };
    for (auto& item : module->named_parameters()) copy(item.key(), item.value());
    for (auto& item : module->named_buffers()) copy(item.key(), item.value());
  }
}

std::string resolve_checkpoint(const std::string& model_path) {
  if (core::is_directory(model_path)) {
    const std::string pointer = core::join_path(model_path, "checkpoints/latest");
    if (!core::path_exists(pointer))
      fail("{}: run directory has no checkpoint yet (no checkpoints/latest); train it first", model_path);
    std::string name = core::read_file(pointer);
    while (!name.empty() && (name.back() == '\n' || name.back() == ' ')) name.pop_back();
    return core::join_path(core::join_path(model_path, "checkpoints"), name);
  }
  if (!core::path_exists(model_path))
    fail("{}: no such run directory or checkpoint; pass a run directory (runs/NAME) or a .ckpt file", model_path);
  return model_path;
}

std::unique_ptr<Model> build_from_header(const backend::ArchiveReader& archive) {
  const auto& h = archive.header();
  if (!h.contains("family") || !h.contains("config"))
    fail("{}: checkpoint header lacks family/config; not written by genlab train", archive.path());
  const Family& family = find_family(h["family"].get<std::string>());
  core::Settings settings;
  settings.load_toml_string(h["config"].get<std::string>(), archive.path() + " (embedded config)");
  auto model = family.create(settings, data::DataInfo{});
  return model;
}

OpenedModel open_model(const std::string& model_path, const torch::Device& device) {
  OpenedModel out;
  out.archive = std::make_unique<backend::ArchiveReader>(resolve_checkpoint(model_path));
  out.model = build_from_header(*out.archive);
  load_weights(*out.archive, *out.model);
  out.model->to(device);
  out.model->train(false);
  return out;
}

}  // namespace genlab::models
