// The non-virtual helpers of the Model contract.
#include "genlab/models/model.h"

namespace genlab::models {

void Model::to(const torch::Device& device) {
  for (auto& [name, module] : modules()) module->to(device);
}

void Model::train(bool on) {
  for (auto& [name, module] : modules()) module->train(on);
}

int64_t Model::parameter_count() {
  int64_t n = 0;
  for (auto& [name, module] : modules())
    for (const auto& p : module->parameters()) n += p.numel();
  return n;
}

}  // namespace genlab::models
