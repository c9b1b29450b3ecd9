// Causal self-attention (see attention.h). References: Vaswani et al. 2017; nanoGPT model.py.
#include "genlab/nn/attention.h"

#include <limits>

namespace genlab::nn {

torch::Tensor causal_mask(int64_t tq, int64_t tk, int64_t offset, const torch::Device& device) {
  auto q_pos = torch::arange(offset, offset + tq, torch::TensorOptions().dtype(torch::kLong).device(device)).unsqueeze(1);
  auto k_pos = torch::arange(tk, torch::TensorOptions().dtype(torch::kLong).device(device)).unsqueeze(0);
  auto mask = torch::zeros({tq, tk}, torch::TensorOptions().device(device));
  return mask.masked_fill(k_pos > q_pos, -std::numeric_limits<float>::infinity());
}

CausalSelfAttentionImpl::CausalSelfAttentionImpl(int64_t n_embd_, int64_t n_head_, double dropout_, bool bias)
    : n_head(n_head_), n_embd(n_embd_), dropout(dropout_) {
  c_attn = register_module("c_attn", torch::nn::Linear(torch::nn::LinearOptions(n_embd, 3 * n_embd).bias(bias)));
  c_proj = register_module("c_proj", torch::nn::Linear(torch::nn::LinearOptions(n_embd, n_embd).bias(bias)));
  resid_dropout = register_module("resid_dropout", torch::nn::Dropout(dropout));
}

torch::Tensor CausalSelfAttentionImpl::forward(const torch::Tensor& x, KvCache* cache) {
  const int64_t b = x.size(0), t = x.size(1), hs = n_embd / n_head;
  auto qkv = c_attn(x).split(n_embd, /*dim=*/2);                   // 3 x (B, T, C)
  auto q = qkv[0].view({b, t, n_head, hs}).transpose(1, 2);         // (B, nh, T, hs)
  auto k = qkv[1].view({b, t, n_head, hs}).transpose(1, 2);
  auto v = qkv[2].view({b, t, n_head, hs}).transpose(1, 2);
  int64_t offset = 0;
  if (cache) {
    offset = cache->length;
    cache->k.narrow(2, offset, t).copy_(k);
    cache->v.narrow(2, offset, t).copy_(v);
    cache->length += t;
    k = cache->k.narrow(2, 0, cache->length);                       // (B, nh, T_total, hs)
    v = cache->v.narrow(2, 0, cache->length);
  }
  // A single new query may attend to everything cached: no mask needed.
  const torch::Tensor mask = t == 1 ? torch::Tensor() : causal_mask(t, k.size(2), offset, x.device());
  torch::Tensor y;
  if (record_attention) {
    auto att = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(static_cast<double>(hs)));
    if (mask.defined()) att = att + mask;
    att = torch::softmax(att, -1);
    last_attention = att.detach();
    y = torch::matmul(att, v);
  } else {
    y = backend::scaled_dot_product_attention(q, k, v, mask, dropout, is_training());
  }
  y = y.transpose(1, 2).contiguous().view({b, t, n_embd});           // (B, T, C)
  return resid_dropout(c_proj(y));
}

}  // namespace genlab::nn
