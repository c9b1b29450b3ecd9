// The trainer's side of models::StepContext: one optimizer per OptimizerSpec the model declares,
// stepped by name with gradient zeroing, clipping and the run's noise generator. Also used directly
// by tests that drive a model step by step (parity with PyTorch).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "genlab/models/model.h"
#include "genlab/train/checkpoint.h"
#include "genlab/train/train_config.h"

namespace genlab::train {

class OptimizerSteps final : public models::StepContext {
 public:
  // Builds the optimizers from config over model.optimizers(); rng seeded from config.seed.
  OptimizerSteps(models::Model& model, const TrainConfig& config, const torch::Device& device);

  void update(const std::string& optimizer, const torch::Tensor& loss) override;
  torch::Generator& rng() override { return m_rng; }
  const torch::Device& device() const override { return m_device; }

  void set_lr(double lr);
  // The optimizers by name, for checkpoints.
  std::vector<NamedOptimizer> named() const;

 private:
  struct Slot {
    std::string name;
    std::vector<torch::Tensor> params;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
  };
  std::vector<Slot> m_slots;
  torch::Generator m_rng;
  torch::Device m_device;
  double m_grad_clip;
};

}  // namespace genlab::train
