// Tests for nn/lstm: the fused LSTM against torch::nn::LSTM with the same parameters — outputs,
// final states and every gradient, over hidden sizes that are and are not multiples of the
// vector width, one and several layers, one and many steps, given and zero initial states.
#include <gtest/gtest.h>

#include "genlab/nn/lstm.h"

namespace genlab::nn {
namespace {

struct Case {
  int64_t input, hidden, layers, batch, steps;
  bool initial_state;
};

class FusedLstm : public ::testing::TestWithParam<Case> {};

TEST_P(FusedLstm, MatchesLibTorchsLstmForwardAndBackward) {
  const auto p = GetParam();
  torch::manual_seed(7);
  torch::nn::LSTM lstm(torch::nn::LSTMOptions(p.input, p.hidden).num_layers(p.layers).batch_first(true));
  auto x = torch::randn({p.batch, p.steps, p.input}).requires_grad_(true);
  torch::Tensor h0, c0;
  if (p.initial_state) {
    h0 = torch::randn({p.layers, p.batch, p.hidden}).requires_grad_(true);
    c0 = torch::randn({p.layers, p.batch, p.hidden}).requires_grad_(true);
  }
  ASSERT_TRUE(fused_lstm_applies(*lstm, x));
  // A loss that weighs every output and both final states differently.
  auto weigh = [&](const torch::Tensor& y, const torch::Tensor& h, const torch::Tensor& c) {
    torch::manual_seed(11);
    return (y * torch::randn(y.sizes())).sum() + (h * torch::randn(h.sizes())).sum() +
           (c * torch::randn(c.sizes())).sum();
  };
  auto [y_ref, hc] = p.initial_state ? lstm->forward(x, std::make_tuple(h0, c0)) : lstm->forward(x);
  weigh(y_ref, std::get<0>(hc), std::get<1>(hc)).backward();
  std::vector<torch::Tensor> ref_grads = {x.grad().clone()};
  if (p.initial_state) {
    ref_grads.push_back(h0.grad().clone());
    ref_grads.push_back(c0.grad().clone());
  }
  for (auto& w : lstm->parameters()) {
    ref_grads.push_back(w.grad().clone());
    w.mutable_grad().zero_();
  }
  x.mutable_grad().zero_();
  if (p.initial_state) {
    h0.mutable_grad().zero_();
    c0.mutable_grad().zero_();
  }

  auto [y, h, c] = lstm_forward(*lstm, x, h0, c0, /*training=*/true);
  EXPECT_TRUE(torch::allclose(y, y_ref, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(h, std::get<0>(hc), 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(c, std::get<1>(hc), 1e-5, 1e-6));
  weigh(y, h, c).backward();
  std::vector<torch::Tensor> grads = {x.grad()};
  if (p.initial_state) {
    grads.push_back(h0.grad());
    grads.push_back(c0.grad());
  }
  for (auto& w : lstm->parameters()) grads.push_back(w.grad());
  ASSERT_EQ(grads.size(), ref_grads.size());
  for (size_t i = 0; i < grads.size(); ++i)
    EXPECT_TRUE(torch::allclose(grads[i], ref_grads[i], 1e-4, 1e-5))
        << "gradient " << i << " differs by " << (grads[i] - ref_grads[i]).abs().max().item<float>();
}

INSTANTIATE_TEST_SUITE_P(Shapes, FusedLstm,
                         ::testing::Values(Case{5, 8, 1, 3, 1, false}, Case{5, 8, 2, 3, 7, true},
                                           Case{4, 13, 2, 2, 9, false}, Case{6, 20, 3, 4, 5, true}));

TEST(FusedLstm, DropoutBetweenLayersOnlyWhileTraining) {
  torch::manual_seed(3);
  torch::nn::LSTM lstm(torch::nn::LSTMOptions(4, 6).num_layers(2).batch_first(true).dropout(0.5));
  auto x = torch::randn({2, 5, 4});
  torch::NoGradGuard no_grad;
  auto [y_eval, h_eval, c_eval] = lstm_forward(*lstm, x, {}, {}, /*training=*/false);
  lstm->eval();
  auto y_ref = std::get<0>(lstm->forward(x));
  EXPECT_TRUE(torch::allclose(y_eval, y_ref, 1e-5, 1e-6));
  auto y_train = std::get<0>(lstm_forward(*lstm, x, {}, {}, /*training=*/true));
  EXPECT_FALSE(torch::allclose(y_train, y_ref, 1e-3, 1e-3));
}

TEST(FusedLstm, AppliesOnlyToFloatBatchFirstCpuInput) {
  torch::nn::LSTM batch_first(torch::nn::LSTMOptions(4, 6).batch_first(true));
  torch::nn::LSTM time_first(torch::nn::LSTMOptions(4, 6));
  EXPECT_TRUE(fused_lstm_applies(*batch_first, torch::zeros({2, 3, 4})));
  EXPECT_FALSE(fused_lstm_applies(*batch_first, torch::zeros({2, 3, 4}, torch::kFloat64)));
  EXPECT_FALSE(fused_lstm_applies(*time_first, torch::zeros({2, 3, 4})));
}

}  // namespace
}  // namespace genlab::nn
