// Run-time device choice: "auto" (CUDA when present, else CPU), "cpu", "cuda", "cuda:N".
// Nothing in genlab hard-codes a device; code takes the torch::Device this returns.
#pragma once

#include <string>

#include "genlab/backend/torch.h"

namespace genlab::backend {

// Throws Error "--device 'cuda:3': only 1 CUDA device(s) present; use cpu, cuda or cuda:0..0" etc.
torch::Device choose_device(const std::string& spec);

// "cpu", "cuda:0 (NVIDIA H100 ...)" for logs.
std::string describe_device(const torch::Device& device);

}  // namespace genlab::backend
