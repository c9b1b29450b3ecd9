// x W^T + b with a fast path for one row. Batch-1 decoding multiplies a single row by each weight
// matrix; through gemm, OpenBLAS packs the whole weight matrix into its buffers on every call (its
// copy routine was a quarter of a GPT sampling run's time), while gemv reads it once in place.
#pragma once

#include "genlab/backend/torch.h"

namespace genlab::nn {

// x (..., in), weight (out, in), bias (out) or undefined -> (..., out). Same result as
// torch::linear up to float rounding; a single row outside autograd goes through addmv / mv.
inline torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias = {}) {
  if (x.numel() != x.size(-1) || (torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad())))
    return torch::linear(x, weight, bias);
  const auto row = x.reshape({x.size(-1)});
  auto y = bias.defined() ? torch::addmv(bias, weight, row) : torch::mv(weight, row);
  auto shape = x.sizes().vec();
  shape.back() = weight.size(0);
  return y.view(shape);
}

// The same for a torch::nn::Linear module.
inline torch::Tensor linear(const torch::Tensor& x, const torch::nn::Linear& layer) {
  return linear(x, layer->weight, layer->bias);
}

}  // namespace genlab::nn
