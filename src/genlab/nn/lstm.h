// A stacked LSTM on torch::nn::LSTM's own parameters, run as cuDNN runs one: per layer, the input
// projection of every time step in one matrix product, then per step one product with the
// recurrent weights and one fused cell kernel (nn/cpu_kernels); backward runs the cell kernels in
// reverse and forms the weight gradients of all steps in one product each. LibTorch's CPU LSTM
// instead records a dozen autograd operations per step and accumulates the recurrent weights'
// gradient one (4H x B) x (B x H) product per step. The results are those of torch::nn::LSTM
// (tested in tests/unit/nn/test_lstm.cpp); checkpoints are unchanged, as the parameters are.
#pragma once

#include <tuple>

#include "genlab/backend/torch.h"

namespace genlab::nn {

// Whether lstm_forward takes the fused path for this module and input: float32 on the CPU,
// batch_first, with biases, not bidirectional and without projections. Otherwise call the module.
bool fused_lstm_applies(const torch::nn::LSTMImpl& lstm, const torch::Tensor& x);

// x (B, T, input) -> y (B, T, hidden), h (layers, B, hidden), c (layers, B, hidden), from h0/c0
// (undefined = zeros). Dropout between layers as the module's options say, while `training`.
std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> lstm_forward(torch::nn::LSTMImpl& lstm, const torch::Tensor& x,
                                                                     const torch::Tensor& h0, const torch::Tensor& c0,
                                                                     bool training);

}  // namespace genlab::nn
