// `genlab info MODEL`: family, step, parameter counts, config and training data of a checkpoint.
#include <fmt/format.h>

#include <memory>

#include "apps/cli/commands.h"
#include "genlab/backend/archive.h"
#include "genlab/core/hash.h"
#include "genlab/models/serialize.h"

namespace genlab::cli {
namespace {

// BLAKE2b-256 over every parameter and buffer's bytes, in module order: two checkpoints with the
// same digest hold bit-identical weights whatever their headers say.
std::string weights_digest(models::Model& model) {
  std::string bytes;
  for (auto& [name, module] : model.modules()) {
    auto add = [&](const torch::Tensor& t) {
      auto c = t.detach().to(torch::kCPU).contiguous();
      bytes.append(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size());
    };
    for (const auto& p : module->parameters()) add(p);
    for (const auto& b : module->buffers()) add(b);
  }
  return core::to_hex(core::blake2b_256(bytes));
}

}  // namespace

Runner setup_info(CLI::App& app) {
  auto model_path = std::make_shared<std::string>();
  app.add_option("model", *model_path, "run directory (its latest checkpoint) or .ckpt file")->required();
  return [model_path] {
    const std::string path = core::resolve_checkpoint(*model_path);
    backend::ArchiveReader archive(path);
    auto model = models::build_from_header(archive);
    models::load_weights(archive, *model);
    const auto& h = archive.header();
    using Ptr = nlohmann::json::json_pointer;
    const nlohmann::json none;
    auto at = [&](const char* pointer) -> const nlohmann::json& {
      return h.contains(Ptr(pointer)) ? h.at(Ptr(pointer)) : none;
    };
    auto text = [&](const char* pointer) { return at(pointer).is_string() ? at(pointer).get<std::string>() : "?"; };
    fmt::print("checkpoint  {}\n", path);
    fmt::print("family      {}\n", model->family());
    fmt::print("step        {}\n", at("/step").dump());
    fmt::print("genlab      {}\n", text("/genlab_version"));
    fmt::print("parameters  {}\n", model->parameter_count());
    fmt::print("weights     blake2b-256:{}\n", weights_digest(*model));
    for (auto& [name, module] : model->modules()) {
      int64_t n = 0;
      for (const auto& p : module->parameters()) n += p.numel();
      fmt::print("  {:<14} {}\n", name, n);
    }
    if (at("/best/value").is_number())
      fmt::print("best        {} at step {}\n", at("/best/value").get<double>(), at("/best/step").dump());
    if (at("/elapsed_s").is_number())
      fmt::print("trained for {:.1f} s on {} thread(s), {}\n", at("/elapsed_s").get<double>(), at("/threads").dump(),
                 text("/device"));
    if (at("/data/source").is_string())
      fmt::print("data        {} ({} train, {} held out)\n", at("/data/source").get<std::string>(),
                 at("/data/train_examples").dump(), at("/data/val_examples").dump());
    if (at("/data/class_names").is_array() && !at("/data/class_names").empty()) {
      std::vector<std::string> names;
      for (const auto& n : at("/data/class_names")) names.push_back(n.is_string() ? n.get<std::string>() : n.dump());
      fmt::print("classes     {}\n", fmt::join(names, ", "));
    }
    fmt::print("config:\n{}", text("/config"));
    return 0;
  };
}

}  // namespace genlab::cli
