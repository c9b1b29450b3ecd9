// Batch-1 CPU kernels (see cpu_kernels.h). The dot products keep 8 running sums so the compiler
// can vectorise them without reordering any single sum (no -ffast-math needed).
#include "genlab/nn/cpu_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>

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

namespace {

// exp: x = n ln2 + r with |r| <= ln2 / 2, e^r by Cephes' expf polynomial, 2^n built in the exponent
// bits. Adding and subtracting 1.5 * 2^23 rounds to the nearest integer without a call, so the
// whole function vectorises (no -ffast-math: nothing here depends on reassociation).
inline float exp_inline(float x) {
  x = std::min(std::max(x, -87.0f), 88.0f);
  constexpr float round = 12582912.0f;
  const float n = (x * 1.44269504088896341f + round) - round;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// tanh: Cephes' tanhf, an odd polynomial below |x| = 0.625 and 1 - 2 / (e^2|x| + 1) above, both
// computed and one selected so the loop stays branch-free.
inline float tanh_inline(float x) {
  const float z = x * x;
  const float small =
      ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z + 1.33314422036e-1f) * z -
       3.33332819422e-1f) *
          z * x +
      x;
  const float a = std::fabs(x);
  const float e = exp_inline(-2.0f * a);
  const float large = std::copysign((1.0f - e) / (1.0f + e), x);
  return a < 0.625f ? small : large;
}

inline float sigmoid_inline(float x) { return 1.0f / (1.0f + exp_inline(-x)); }

// One row of the cell's update and of its backward. Separate functions: inlined into the loop over
// rows, GCC's vectoriser loses track of the gate pointers' common base and leaves them scalar.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), noinline))
#endif
void lstm_cell_combine(const float* gi, const float* gf, const float* gg, const float* go, const float* cp,
                       float* __restrict c, float* __restrict h, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    const float cj = gf[j] * cp[j] + gi[j] * gg[j];
    c[j] = cj;
    h[j] = go[j] * tanh_inline(cj);
  }
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), noinline))
#endif
void lstm_cell_backward_row(const float* gi, const float* gf, const float* gg, const float* go, const float* c,
                            const float* cp, const float* dy, const float* dh, float* __restrict dc,
                            float* __restrict di, float* __restrict df, float* __restrict dg,
                            float* __restrict d_o, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    const float i = gi[j], f = gf[j], g = gg[j], o = go[j];
    const float tc = tanh_inline(c[j]);
    const float dhj = dh[j] + dy[j];
    const float dcj = dc[j] + dhj * o * (1.0f - tc * tc);
    di[j] = dcj * g * i * (1.0f - i);
    df[j] = dcj * cp[j] * f * (1.0f - f);
    dg[j] = dcj * i * (1.0f - g * g);
    d_o[j] = dhj * tc * o * (1.0f - o);
    dc[j] = dcj * f;
  }
}

}  // namespace

float exp_approx(float x) { return exp_inline(x); }

float tanh_approx(float x) { return tanh_inline(x); }

// The gates are activated in place one segment at a time and combined in a fourth loop: four
// simple loops vectorise where one loop over all seven arrays does not.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void lstm_cell_forward(int64_t batch, int64_t hidden, Rows<float> gates, Rows<const float> c_prev, Rows<float> c,
                       Rows<float> h) {
  for (int64_t b = 0; b < batch; ++b) {
    float* g = gates.row(b);
    for (int64_t k = 0; k < 2 * hidden; ++k) g[k] = sigmoid_inline(g[k]);
    for (int64_t k = 2 * hidden; k < 3 * hidden; ++k) g[k] = tanh_inline(g[k]);
    for (int64_t k = 3 * hidden; k < 4 * hidden; ++k) g[k] = sigmoid_inline(g[k]);
    lstm_cell_combine(g, g + hidden, g + 2 * hidden, g + 3 * hidden, c_prev.row(b), c.row(b), h.row(b), hidden);
  }
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
void lstm_cell_backward(int64_t batch, int64_t hidden, Rows<const float> gates, Rows<const float> c,
                        Rows<const float> c_prev, Rows<const float> dy, const float* dh, float* dc,
                        Rows<float> dgates) {
  for (int64_t b = 0; b < batch; ++b) {
    const float* g = gates.row(b);
    float* d = dgates.row(b);
    lstm_cell_backward_row(g, g + hidden, g + 2 * hidden, g + 3 * hidden, c.row(b), c_prev.row(b), dy.row(b),
                           dh + b * hidden, dc + b * hidden, d, d + hidden, d + 2 * hidden, d + 3 * hidden, hidden);
  }
}

}  // namespace genlab::nn::cpu
