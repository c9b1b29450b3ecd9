// Temporarily stops gradients flowing into a module's parameters (e.g. the discriminator during a
// GAN generator step): the math is unchanged, the wasted parameter-gradient work is skipped.
#pragma once

#include <vector>

#include "genlab/backend/torch.h"

namespace genlab::nn {

class FreezeGuard {
 public:
  explicit FreezeGuard(torch::nn::Module& module) : m_params(module.parameters()) {
    for (auto& p : m_params) p.set_requires_grad(false);
  }
  ~FreezeGuard() {
    for (auto& p : m_params) p.set_requires_grad(true);
  }
  FreezeGuard(const FreezeGuard&) = delete;
  FreezeGuard& operator=(const FreezeGuard&) = delete;

 private:
  std::vector<torch::Tensor> m_params;
};

}  // namespace genlab::nn
