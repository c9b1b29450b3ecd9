// Model weights in checkpoints; opening a trained model (see serialize.h).
#include "genlab/models/serialize.h"

#include "genlab/core/atomic_file.h"
#include "genlab/core/base64.h"
#include "genlab/core/check.h"
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

data::DataInfo data_info_from_header(const backend::ArchiveReader& archive) {
  data::DataInfo info;
  const auto& h = archive.header();
  if (!h.contains("data")) return info;
  const auto& d = h["data"];
  try {
    info.source = d.value("source", "");
    info.example_shape = d.value("example_shape", std::vector<int64_t>{});
    info.num_classes = d.value("num_classes", int64_t{0});
    info.class_names = d.value("class_names", std::vector<std::string>{});
    info.modality = data::parse_modality(d.value("modality", "image"), archive.path() + ": data.modality");
    info.vocab_size = d.value("vocab_size", int64_t{0});
    if (d.contains("tokenizer")) {
      info.tokenizer = text::load_tokenizer(
          core::base64_decode(d["tokenizer"].get<std::string>(), archive.path() + ": data.tokenizer"));
      info.vocab_size = info.tokenizer->vocab_size();
    }
  } catch (const nlohmann::json::exception& e) {
    fail("{}: checkpoint header has a malformed data section ({})", archive.path(), e.what());
  }
  return info;
}

std::unique_ptr<Model> build_from_header(const backend::ArchiveReader& archive) {
  const auto& h = archive.header();
  if (!h.contains("family") || !h.contains("config"))
    fail("{}: checkpoint header lacks family/config; not written by genlab train", archive.path());
  const Family& family = find_family(h["family"].get<std::string>());
  core::Settings settings;
  settings.load_toml_string(h["config"].get<std::string>(), archive.path() + " (embedded config)");
  return family.create(settings, data_info_from_header(archive));
}

OpenedModel open_model(const std::string& model_path, const torch::Device& device) {
  OpenedModel out;
  out.archive = std::make_unique<backend::ArchiveReader>(core::resolve_checkpoint(model_path));
  out.model = build_from_header(*out.archive);
  out.data = data_info_from_header(*out.archive);
  load_weights(*out.archive, *out.model);
  out.model->to(device);
  out.model->train(false);
  return out;
}

}  // namespace genlab::models
