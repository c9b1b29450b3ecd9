// Tests for nn/cpu_kernels: each kernel on small cases worked out by hand (the whole decoding step
// is checked against the LibTorch forward in tests/unit/models/test_gpt.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "genlab/nn/cpu_kernels.h"

namespace genlab::nn::cpu {
namespace {

TEST(CpuKernels, LayerNormWithAndWithoutAffine) {
  const std::vector<float> x = {1, 2, 3, 6};  // mean 3, biased variance 3.5
  std::vector<float> out(4);
  layer_norm(x.data(), nullptr, nullptr, 4, 0.0f, out.data());
  const float s = 1.0f / std::sqrt(3.5f);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(out[i], (x[i] - 3.0f) * s, 1e-6f);
  const std::vector<float> w = {1, 2, 0, -1}, b = {0, 1, 5, 0};
  layer_norm(x.data(), w.data(), b.data(), 4, 0.0f, out.data());
  EXPECT_NEAR(out[1], 2 * (-1 * s) + 1, 1e-6f);
  EXPECT_NEAR(out[2], 5.0f, 1e-6f);
  EXPECT_NEAR(out[3], -3 * s, 1e-6f);
  // eps enters under the square root; out may alias x.
  std::vector<float> same = {0, 2};  // mean 1, variance 1
  layer_norm(same.data(), nullptr, nullptr, 2, 3.0f, same.data());
  EXPECT_NEAR(same[0], -0.5f, 1e-6f);
  EXPECT_NEAR(same[1], 0.5f, 1e-6f);
}

TEST(CpuKernels, GemvRowsTimesVectorPlusBias) {
  // 2 x 11 (longer than the 8 running sums, so the remainder loop counts too).
  std::vector<float> w(22), x(11);
  for (int i = 0; i < 11; ++i) {
    w[i] = 1.0f;
    w[11 + i] = static_cast<float>(i);
    x[i] = static_cast<float>(i + 1);
  }
  std::vector<float> y(2);
  const std::vector<float> bias = {0.5f, -1.0f};
  gemv(w.data(), x.data(), bias.data(), 2, 11, y.data());
  EXPECT_FLOAT_EQ(y[0], 66.5f);          // 1 + 2 + ... + 11, + 0.5
  EXPECT_FLOAT_EQ(y[1], 440.0f - 1.0f);  // sum of i (i + 1) for i < 11 = 440
  gemv(w.data(), x.data(), nullptr, 2, 11, y.data());
  EXPECT_FLOAT_EQ(y[0], 66.0f);
}

TEST(CpuKernels, GeluIsTheErfForm) {
  std::vector<float> x = {0.0f, 1.0f, -1.0f, 3.0f};
  gelu(x.data(), 4);
  EXPECT_EQ(x[0], 0.0f);
  EXPECT_NEAR(x[1], 0.8413447f, 1e-6f);   // Phi(1)
  EXPECT_NEAR(x[2], -0.1586553f, 1e-6f);  // -(1 - Phi(1))
  EXPECT_NEAR(x[3], 2.9959502f, 1e-6f);   // the tanh approximation would give 2.9963627
}

TEST(CpuKernels, AttendWeighsCachedValuesBySoftmaxOfScaledScores) {
  // Two heads of size 2, capacity 3, two positions filled. Layout (head, capacity, head_dim).
  const std::vector<float> q = {1, 0, 0, 0};  // head 0 prefers key 0; head 1 scores all keys 0
  const std::vector<float> k = {2, 0, 0, 0, 9, 9, /*head 1*/ 1, 1, -1, 3, 9, 9};
  const std::vector<float> v = {1, 0, 0, 1, 7, 7, /*head 1*/ 2, 4, 6, 8, 7, 7};
  std::vector<float> y(4), scratch(3);
  attend(q.data(), k.data(), v.data(), 2, 2, 3, 2, y.data(), scratch.data());
  // Head 0: scores 2 / sqrt 2 and 0 -> weights e^sqrt2 / (e^sqrt2 + 1) and 1 / (e^sqrt2 + 1).
  const float p = std::exp(std::sqrt(2.0f)) / (std::exp(std::sqrt(2.0f)) + 1.0f);
  EXPECT_NEAR(y[0], p, 1e-6f);
  EXPECT_NEAR(y[1], 1.0f - p, 1e-6f);
  // Head 1: equal scores average the two values; the unfilled position (9s, 7s) is never read.
  EXPECT_NEAR(y[2], 4.0f, 1e-6f);
  EXPECT_NEAR(y[3], 6.0f, 1e-6f);
}

// Adam's first step moves each weight by about lr against the sign of its gradient, whatever the
// gradient's size: m / sqrt(v) is g / |g| once both are bias-corrected. Counts not multiple of the
// vector width cover the loop's tail.
TEST(CpuKernels, AdamFirstStepMovesEachWeightByTheLearningRate) {
  const double lr = 0.1, beta1 = 0.9, beta2 = 0.999;
  AdamStep s{};
  s.beta1 = static_cast<float>(beta1);
  s.beta2 = static_cast<float>(beta2);
  s.one_minus_beta1 = static_cast<float>(1 - beta1);
  s.one_minus_beta2 = static_cast<float>(1 - beta2);
  s.sqrt_bias_correction2 = static_cast<float>(std::sqrt(1 - beta2));
  s.eps = 1e-8f;
  s.neg_step_size = static_cast<float>(-lr / (1 - beta1));
  s.l2 = 0;
  s.decay = 1;
  for (int n : {1, 7, 8, 19}) {
    std::vector<float> w(n, 1.0f), g(n), m(n, 0.0f), v(n, 0.0f);
    for (int i = 0; i < n; ++i) g[i] = (i % 2 ? -1.0f : 1.0f) * std::pow(10.0f, static_cast<float>(i % 5 - 2));
    adam_update(w.data(), g.data(), m.data(), v.data(), n, s);
    for (int i = 0; i < n; ++i) {
      EXPECT_NEAR(w[i], g[i] > 0 ? 0.9f : 1.1f, 1e-5f) << "n " << n << " i " << i;
      EXPECT_NEAR(m[i], 0.1f * g[i], 1e-6f * std::abs(g[i]));
      EXPECT_NEAR(v[i], 0.001f * g[i] * g[i], 1e-6f * g[i] * g[i]);
    }
  }
  // AdamW's decay scales the weight before the update; Adam's L2 term enters the gradient (here it
  // flips the sign of a small gradient on a large weight).
  std::vector<float> w = {2.0f}, g = {-0.01f}, m = {0.0f}, v = {0.0f};
  s.decay = 0.5f;
  adam_update(w.data(), g.data(), m.data(), v.data(), 1, s);
  EXPECT_NEAR(w[0], 1.1f, 1e-5f);
  w = {2.0f}, m = {0.0f}, v = {0.0f};
  s.decay = 1;
  s.l2 = 0.1f;  // g + 0.1 * 2 = 0.19 > 0
  adam_update(w.data(), g.data(), m.data(), v.data(), 1, s);
  EXPECT_NEAR(w[0], 1.9f, 1e-5f);
}

TEST(CpuKernels, ExpAndTanhWithinTwoUlpOfLibm) {
  float worst_exp = 0, worst_tanh = 0;
  for (int k = -40000; k <= 40000; ++k) {
    const float x = static_cast<float>(k) * 0.0021f;  // -84 .. 84
    const double e = std::exp(static_cast<double>(x));
    worst_exp = std::max(worst_exp, static_cast<float>(std::abs(exp_approx(x) - e) / e));
    const double t = std::tanh(static_cast<double>(x));
    worst_tanh = std::max(worst_tanh, static_cast<float>(std::abs(tanh_approx(x) - t) / std::max(std::abs(t), 0.5)));
  }
  EXPECT_LT(worst_exp, 2.4e-7f);  // 2 ulp
  EXPECT_LT(worst_tanh, 2.4e-7f);
  // Saturation: exp stays finite and positive, tanh reaches +-1, both keep their sign.
  EXPECT_GT(exp_approx(-1000.0f), 0.0f);
  EXPECT_TRUE(std::isfinite(exp_approx(1000.0f)));
  EXPECT_EQ(tanh_approx(30.0f), 1.0f);
  EXPECT_EQ(tanh_approx(-30.0f), -1.0f);
  EXPECT_NEAR(tanh_approx(1e-6f), 1e-6f, 1e-12f);
}

TEST(CpuKernels, LstmCellByHand) {
  // Two rows, hidden 1. Row 0: all pre-activations 0, so i = f = o = 1/2 and g = 0:
  // c = c_prev / 2, h = tanh(c) / 2. Row 1: large pre-activations saturate i, f, o at 1 and g at 1.
  std::vector<float> gates = {0, 0, 0, 0, 40, 40, 40, 40};
  const std::vector<float> c_prev = {2, 3};
  std::vector<float> c(2), h(2);
  lstm_cell_forward(2, 1, {gates.data(), 4}, {c_prev.data(), 1}, {c.data(), 1}, {h.data(), 1});
  EXPECT_FLOAT_EQ(gates[0], 0.5f);
  EXPECT_FLOAT_EQ(gates[2], 0.0f);
  EXPECT_FLOAT_EQ(c[0], 1.0f);
  EXPECT_NEAR(h[0], 0.5f * std::tanh(1.0f), 1e-7f);
  EXPECT_NEAR(c[1], 4.0f, 1e-6f);
  EXPECT_NEAR(h[1], std::tanh(4.0f), 1e-6f);
  // Backward of row 0 with dh = 1 from the next step and dy = 1 here, dc = 0:
  // dh_total = 2; dc = 2 * o * (1 - tanh(c)^2); d_i = dc * g * i(1-i) = 0; d_f = dc * c_prev * f(1-f);
  // d_g = dc * i * (1 - g^2); d_o = 2 * tanh(c) * o(1-o); the gradient reaching c_prev is dc * f.
  const float tc = std::tanh(1.0f), dct = 2 * 0.5f * (1 - tc * tc);
  const std::vector<float> dy = {1, 0}, dh = {1, 0};
  std::vector<float> dc = {0, 0}, dgates(8);
  lstm_cell_backward(2, 1, {gates.data(), 4}, {c.data(), 1}, {c_prev.data(), 1}, {dy.data(), 1}, dh.data(), dc.data(),
                     {dgates.data(), 4});
  EXPECT_NEAR(dgates[0], 0.0f, 1e-7f);
  EXPECT_NEAR(dgates[1], dct * 2 * 0.25f, 1e-6f);
  EXPECT_NEAR(dgates[2], dct * 0.5f, 1e-6f);
  EXPECT_NEAR(dgates[3], 2 * tc * 0.25f, 1e-6f);
  EXPECT_NEAR(dc[0], dct * 0.5f, 1e-6f);
  EXPECT_NEAR(dc[1], 0.0f, 1e-7f);
}

}  // namespace
}  // namespace genlab::nn::cpu
