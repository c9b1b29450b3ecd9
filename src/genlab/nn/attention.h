// Causal multi-head self-attention with an optional KV cache (nanoGPT's CausalSelfAttention plus
// the cache llama.cpp keeps per layer). Used by the gpt family; other Transformer families reuse it.
#pragma once

#include <cstdint>

#include "genlab/backend/torch.h"

namespace genlab::nn {

// Keys and values of one layer for one decoding session, preallocated to the context length.
struct KvCache {
  torch::Tensor k, v;   // (B, n_head, capacity, head_dim)
  int64_t length = 0;   // positions filled
};

struct CausalSelfAttentionImpl : torch::nn::Module {
  CausalSelfAttentionImpl(int64_t n_embd, int64_t n_head, double dropout, bool bias);
  // x (B, T, C) -> (B, T, C). With a cache, x holds positions cache.length .. cache.length + T - 1;
  // their keys/values are appended and attention runs over everything cached.
  torch::Tensor forward(const torch::Tensor& x, KvCache* cache = nullptr);
  // Last attention weights (B, n_head, T, T_total), kept only while record_attention is set.
  torch::Tensor last_attention;
  bool record_attention = false;

  int64_t n_head, n_embd;
  double dropout;
  torch::nn::Linear c_attn{nullptr}, c_proj{nullptr};  // fused q/k/v projection; output projection
  torch::nn::Dropout resid_dropout{nullptr};
};
TORCH_MODULE(CausalSelfAttention);

// Additive causal mask for queries at positions offset .. offset + tq - 1 over keys 0 .. tk - 1:
// 0 where key <= query position, -inf elsewhere. (tq, tk) float.
torch::Tensor causal_mask(int64_t tq, int64_t tk, int64_t offset, const torch::Device& device);

}  // namespace genlab::nn
