// The fused LSTM (see lstm.h). One layer is one autograd function; its forward keeps the activated
// gates (B, T, 4H) and the cell states (B, T, H) for the backward, as LibTorch's LSTM keeps them
// through its per-step graph.
#include "genlab/nn/lstm.h"

#include <string>
#include <vector>

#include "genlab/nn/cpu_kernels.h"

namespace genlab::nn {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

cpu::Rows<float> rows(torch::Tensor& t, int64_t offset = 0) { return {t.data_ptr<float>() + offset, t.stride(0)}; }

cpu::Rows<const float> const_rows(const torch::Tensor& t, int64_t offset = 0) {
  return {t.data_ptr<float>() + offset, t.stride(0)};
}

// One layer: x (B, T, I), h0 and c0 (B, H), PyTorch's weight_ih (4H, I), weight_hh (4H, H) and
// the two biases (4H) -> y (B, T, H), h (B, H), c (B, H).
struct LstmLayer : torch::autograd::Function<LstmLayer> {
  static variable_list forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& h0,
                               const torch::Tensor& c0, const torch::Tensor& w_ih, const torch::Tensor& w_hh,
                               const torch::Tensor& b_ih, const torch::Tensor& b_hh) {
    const int64_t batch = x.size(0), steps = x.size(1), hidden = w_hh.size(1);
    // All steps' input projections and both biases at once; the gates are then completed and
    // activated in place, one step (a strided (B, 4H) slice) at a time.
    auto gates =
        torch::addmm(b_ih + b_hh, x.reshape({batch * steps, x.size(2)}), w_ih.t()).view({batch, steps, 4 * hidden});
    auto y = torch::empty({batch, steps, hidden}, x.options());
    auto c_all = torch::empty({batch, steps, hidden}, x.options());
    const int64_t row = 4 * hidden;
    for (int64_t t = 0; t < steps; ++t) {
      auto g = gates.select(1, t);
      g.addmm_(t == 0 ? h0 : y.select(1, t - 1), w_hh.t());
      cpu::lstm_cell_forward(batch, hidden, rows(gates, t * row),
                             t == 0 ? const_rows(c0) : const_rows(c_all, (t - 1) * hidden), rows(c_all, t * hidden),
                             rows(y, t * hidden));
    }
    auto h_last = y.select(1, steps - 1).clone();
    auto c_last = c_all.select(1, steps - 1).clone();
    ctx->save_for_backward({x, h0, c0, w_ih, w_hh, y});
    ctx->saved_data["gates"] = gates;
    ctx->saved_data["c"] = c_all;
    return {y, h_last, c_last};
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &h0 = saved[1], &c0 = saved[2], &w_ih = saved[3], &w_hh = saved[4], &y = saved[5];
    const auto gates = ctx->saved_data["gates"].toTensor();
    const auto c_all = ctx->saved_data["c"].toTensor();
    const int64_t batch = x.size(0), steps = x.size(1), hidden = w_hh.size(1), row = 4 * hidden;
    const auto dy = grads[0].contiguous();
    auto dh = grads[1].contiguous().clone();  // gradient reaching h at the current step
    auto dc = grads[2].contiguous().clone();  // and reaching c
    auto dgates = torch::empty_like(gates);
    for (int64_t t = steps - 1; t >= 0; --t) {
      cpu::lstm_cell_backward(batch, hidden, const_rows(gates, t * row), const_rows(c_all, t * hidden),
                              t == 0 ? const_rows(c0) : const_rows(c_all, (t - 1) * hidden), const_rows(dy, t * hidden),
                              dh.data_ptr<float>(), dc.data_ptr<float>(), rows(dgates, t * row));
      torch::mm_out(dh, dgates.select(1, t), w_hh);
    }
    // The state each step started from: h0, then the outputs of all but the last step.
    auto h_prev = torch::cat({h0.unsqueeze(1), y.narrow(1, 0, steps - 1)}, 1).view({batch * steps, hidden});
    auto dg2 = dgates.view({batch * steps, row});
    auto d_w_hh = dg2.t().mm(h_prev);
    auto d_w_ih = dg2.t().mm(x.reshape({batch * steps, x.size(2)}));
    auto d_b = dg2.sum(0);
    auto dx = dg2.mm(w_ih).view(x.sizes());
    return {dx, dh, dc, d_w_ih, d_w_hh, d_b, d_b.clone()};
  }
};

}  // namespace

bool fused_lstm_applies(const torch::nn::LSTMImpl& lstm, const torch::Tensor& x) {
  const auto& o = lstm.options;
  return x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && x.dim() == 3 && x.size(1) > 0 &&
         o.batch_first() && o.bias() && !o.bidirectional() && o.proj_size() == 0;
}

std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> lstm_forward(torch::nn::LSTMImpl& lstm, const torch::Tensor& x,
                                                                     const torch::Tensor& h0, const torch::Tensor& c0,
                                                                     bool training) {
  const auto& o = lstm.options;
  const int64_t layers = o.num_layers(), hidden = o.hidden_size(), batch = x.size(0);
  const auto zeros =
      h0.defined() && c0.defined() ? torch::Tensor() : torch::zeros({layers, batch, hidden}, x.options());
  const auto& h_init = h0.defined() ? h0 : zeros;
  const auto& c_init = c0.defined() ? c0 : zeros;
  const auto params = lstm.named_parameters(/*recurse=*/false);
  auto input = x.contiguous();
  std::vector<torch::Tensor> h_out, c_out;
  for (int64_t l = 0; l < layers; ++l) {
    const auto s = std::to_string(l);
    if (l > 0 && training && o.dropout() > 0) input = torch::dropout(input, o.dropout(), /*train=*/true);
    auto out = LstmLayer::apply(input, h_init[l].contiguous(), c_init[l].contiguous(), params["weight_ih_l" + s],
                                params["weight_hh_l" + s], params["bias_ih_l" + s], params["bias_hh_l" + s]);
    input = out[0];
    h_out.push_back(out[1]);
    c_out.push_back(out[2]);
  }
  return {input, torch::stack(h_out), torch::stack(c_out)};
}

}  // namespace genlab::nn
