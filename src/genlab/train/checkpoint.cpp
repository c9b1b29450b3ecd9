// Checkpoint save/load of the whole training state (see checkpoint.h).
#include "genlab/train/checkpoint.h"

#include "genlab/backend/compat.h"
#include "genlab/core/check.h"
#include "genlab/models/serialize.h"
#include "genlab/train/optim.h"

namespace genlab::train {

void save_checkpoint(const std::string& path, const CheckpointContext& ctx, const TrainState& state,
                     const nlohmann::json& header) {
  backend::ArchiveWriter out;
  out.header() = header;
  out.header()["genlab_version"] = GENLAB_VERSION;
  out.header()["family"] = ctx.model->family();
  out.header()["step"] = state.step;
  out.header()["cursor"] = {{"epoch", state.cursor.epoch}, {"position", state.cursor.position}};
  out.header()["best"] = {{"value", std::isfinite(state.best) ? nlohmann::json(state.best) : nlohmann::json()},
                          {"step", state.best_step}};
  out.header()["elapsed_s"] = state.elapsed_s;

  models::save_weights(out, *ctx.model);
  for (const auto& o : ctx.optimizers) save_optimizer_state(out, "optim." + o.name, *o.optimizer, ctx.optimizer_kind);
  out.put("rng.cpu", backend::generator_state(torch::Device(torch::kCPU)));
  out.put("rng.noise", backend::generator_state(*ctx.noise));
  if (torch::cuda::is_available())
    for (int i = 0; i < backend::cuda_device_count(); ++i)
      out.put(fmt::format("rng.cuda.{}", i), backend::generator_state(torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(i))));
  ctx.model->save_state(out);
  out.save(path);
}

TrainState load_checkpoint(const backend::ArchiveReader& in, const CheckpointContext& ctx) {
  const auto& h = in.header();
  if (h.value("family", "") != ctx.model->family())
    fail("{}: checkpoint is of family '{}', the run is '{}'", in.path(), h.value("family", "?"), ctx.model->family());
  TrainState state;
  try {
    state.step = h.at("step").get<int64_t>();
    state.cursor.epoch = h.at("cursor").at("epoch").get<int64_t>();
    state.cursor.position = h.at("cursor").at("position").get<int64_t>();
    if (!h.at("best").at("value").is_null()) state.best = h["best"]["value"].get<double>();
    state.best_step = h.at("best").at("step").get<int64_t>();
    state.elapsed_s = h.at("elapsed_s").get<double>();
  } catch (const nlohmann::json::exception& e) {
    fail("{}: checkpoint header is incomplete ({}); it cannot resume training", in.path(), e.what());
  }
  models::load_weights(in, *ctx.model);
  for (const auto& o : ctx.optimizers) load_optimizer_state(in, "optim." + o.name, *o.optimizer, ctx.optimizer_kind);
  backend::set_generator_state(torch::Device(torch::kCPU), in.get("rng.cpu"));
  backend::set_generator_state(*ctx.noise, in.get("rng.noise"));
  if (torch::cuda::is_available())
    for (int i = 0; i < backend::cuda_device_count(); ++i)
      if (in.has(fmt::format("rng.cuda.{}", i)))
        backend::set_generator_state(torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(i)),
                                     in.get(fmt::format("rng.cuda.{}", i)));
  ctx.model->load_state(in);
  return state;
}

}  // namespace genlab::train
