// Batch-1 CPU kernels (see cpu_kernels.h). The dot products keep 8 running sums so the compiler
// can vectorise them without reordering any single sum (no -ffast-math needed).
#include "genlab/nn/cpu_kernels.h"

#include <algorithm>
#include <cmath>

namespace genlab::nn::cpu {
namespace {

constexpr int64_t k_lanes = 8;

float dot(const float* a, const float* b, int64_t n) {
  float acc[k_lanes] = {};
  int64_t i = 0;
  for (; i + k_lanes <= n; i += k_lanes)
    for (int64_t j = 0; j < k_lanes; ++j) acc[j] += a[i + j] * b[i + j];
  float sum = 0;
  for (int64_t j = 0; j < k_lanes; ++j) sum += acc[j];
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

}  // namespace

void layer_norm(const float* x, const float* weight, const float* bias, int64_t n, float eps, float* out) {
  double mean = 0;
  for (int64_t i = 0; i < n; ++i) mean += x[i];
  mean /= static_cast<double>(n);
  double var = 0;
  for (int64_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
  var /= static_cast<double>(n);
  const auto m = static_cast<float>(mean);
  const auto inv = static_cast<float>(1.0 / std::sqrt(var + eps));
  for (int64_t i = 0; i < n; ++i) {
    const float v = (x[i] - m) * inv;
    out[i] = v * (weight ? weight[i] : 1.0f) + (bias ? bias[i] : 0.0f);
  }
}

void gemv(const float* w, const float* x, const float* bias, int64_t rows, int64_t cols, float* y) {
  for (int64_t r = 0; r < rows; ++r) y[r] = dot(w + r * cols, x, cols) + (bias ? bias[r] : 0.0f);
}

void gelu(float* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) x[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * 0.70710678118654752f));
}

void attend(const float* q, const float* k_cache, const float* v_cache, int64_t n_head, int64_t head_dim,
            int64_t capacity, int64_t length, float* y, float* scratch) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
  for (int64_t h = 0; h < n_head; ++h) {
    const float* qh = q + h * head_dim;
    const float* kh = k_cache + h * capacity * head_dim;
    const float* vh = v_cache + h * capacity * head_dim;
    float top = -INFINITY;
    for (int64_t t = 0; t < length; ++t) {
      scratch[t] = dot(qh, kh + t * head_dim, head_dim) * scale;
      top = std::max(top, scratch[t]);
    }
    float total = 0;
    for (int64_t t = 0; t < length; ++t) total += scratch[t] = std::exp(scratch[t] - top);
    float* yh = y + h * head_dim;
    std::fill(yh, yh + head_dim, 0.0f);
    for (int64_t t = 0; t < length; ++t) {
      const float p = scratch[t] / total;
      const float* vt = vh + t * head_dim;
      for (int64_t d = 0; d < head_dim; ++d) yh[d] += p * vt[d];
    }
  }
}

// Built for AVX2 as well as the baseline where the compiler can clone (x86-64): the loop's sqrt and
// division then run 8 lanes wide. This file is compiled with -fno-math-errno, so sqrt can vectorise
// at all (v is never negative, so errno would never be set).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void adam_update(float* w, const float* grad, float* m, float* v, int64_t n, const AdamStep& s) {
  for (int64_t i = 0; i < n; ++i) {
    const float p = w[i] * s.decay;
    const float g = grad[i] + s.l2 * p;
    const float mi = m[i] * s.beta1 + s.one_minus_beta1 * g;
    const float vi = v[i] * s.beta2 + s.one_minus_beta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    w[i] = p + s.neg_step_size * (mi / (std::sqrt(vi) / s.sqrt_bias_correction2 + s.eps));
  }
}

}  // namespace genlab::nn::cpu
