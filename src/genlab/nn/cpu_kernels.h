// Torch-free float32 kernels for batch-1 decoding on the CPU (llm.c's forward pass, one position
// at a time). A decoding step is a few hundred tiny operations; through LibTorch each costs a
// dispatch, a tensor and an allocation, which at batch 1 dominated a small GPT's sampling time.
// These loops touch each weight once and allocate nothing. Parity with the LibTorch forward is
// tested (tests/unit/models/test_gpt.cpp; tests/unit/nn/test_cpu_kernels.cpp).
#pragma once

#include <cstdint>

namespace genlab::nn::cpu {

// out = (x - mean) / sqrt(var + eps) * weight + bias over n values (biased variance, as
// torch.nn.LayerNorm); weight and bias may be null (1 and 0). out may alias x.
void layer_norm(const float* x, const float* weight, const float* bias, int64_t n, float eps, float* out);

// y = W x + bias for a row-major W (rows, cols); bias may be null. y must not alias x.
void gemv(const float* w, const float* x, const float* bias, int64_t rows, int64_t cols, float* y);

// In place, GELU with the exact erf form (torch.nn.functional.gelu's default).
void gelu(float* x, int64_t n);

// One query attending over cached keys and values: for each head h,
//   y_h = sum_t softmax_t(q_h . k_{h,t} / sqrt(head_dim)) v_{h,t},  t < length,
// with q and y laid out (n_head, head_dim) and the caches (n_head, capacity, head_dim).
// scratch holds at least `length` floats.
void attend(const float* q, const float* k_cache, const float* v_cache, int64_t n_head, int64_t head_dim,
            int64_t capacity, int64_t length, float* y, float* scratch);

}  // namespace genlab::nn::cpu
