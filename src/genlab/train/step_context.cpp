// Optimizer stepping for training steps (see step_context.h).
#include "genlab/train/step_context.h"

#include "genlab/backend/compat.h"
#include "genlab/core/check.h"
#include "genlab/train/optim.h"

namespace genlab::train {

OptimizerSteps::OptimizerSteps(models::Model& model, const TrainConfig& config, const torch::Device& device)
    : m_rng(backend::make_cpu_generator(config.seed)), m_device(device), m_grad_clip(config.grad_clip) {
  for (auto& spec : model.optimizers()) {
    Slot slot;
    slot.name = spec.name;
    for (const auto& g : spec.groups) slot.params.insert(slot.params.end(), g.params.begin(), g.params.end());
    slot.optimizer = make_optimizer(config, spec);
    m_slots.push_back(std::move(slot));
  }
}

void OptimizerSteps::update(const std::string& name, const torch::Tensor& loss) {
  for (auto& slot : m_slots) {
    if (slot.name != name) continue;
    backend::zero_grad(slot.params);
    loss.backward();
    if (m_grad_clip > 0) torch::nn::utils::clip_grad_norm_(slot.params, m_grad_clip);
    slot.optimizer->step();
    return;
  }
  GENLAB_CHECK(false, "model stepped unknown optimizer '{}'", name);
}

void OptimizerSteps::set_lr(double lr) {
  for (auto& slot : m_slots) train::set_lr(*slot.optimizer, lr);
}

std::vector<NamedOptimizer> OptimizerSteps::named() const {
  std::vector<NamedOptimizer> out;
  for (const auto& slot : m_slots) out.push_back({slot.name, slot.optimizer.get()});
  return out;
}

}  // namespace genlab::train
