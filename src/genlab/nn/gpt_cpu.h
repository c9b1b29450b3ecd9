// GPT decoding at batch 1 on the CPU without LibTorch (llm.c's forward pass over raw float32
// weights): prompts run as one pass with BLAS matrix products, each further token as one position
// of nn/cpu_kernels over the KV caches. models::Gpt decodes through it on the CPU, and the fast
// `genlab sample` path runs it on the weights mapped straight from a checkpoint, so both give the
// same tokens for the same seed. Parity with LibTorch's forward: tests/unit/models/test_gpt.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "genlab/models/decoder.h"

namespace genlab::nn {

struct GptShape {
  int64_t n_layer = 0;     // transformer blocks
  int64_t n_head = 0;      // attention heads per block (n_embd divisible by it)
  int64_t n_embd = 0;      // width C
  int64_t block_size = 0;  // learned positions: the longest context
  int64_t vocab_size = 0;  // V: rows of the token embedding (tied to the output layer)
};

// One block's weights, row-major as nn.Linear stores them (out, in); a bias may be null.
struct GptBlockWeights {
  const float *ln1_w, *ln1_b;              // (C)
  const float *attn_w, *attn_b;            // (3C, C), (3C): q, k, v stacked
  const float *attn_proj_w, *attn_proj_b;  // (C, C), (C)
  const float *ln2_w, *ln2_b;              // (C)
  const float *fc_w, *fc_b;                // (4C, C), (4C)
  const float *proj_w, *proj_b;            // (C, 4C), (C)
};

struct GptWeights {
  const float* wte = nullptr;  // (V, C) token embedding and output layer
  const float* wpe = nullptr;  // (block_size, C)
  std::vector<GptBlockWeights> blocks;
  const float *ln_f_w = nullptr, *ln_f_b = nullptr;  // (C)
  float eps = 1e-5f;                                 // every LayerNorm's (torch.nn.LayerNorm's default)
};

// Decoding with a KV cache. Past block_size tokens, the learned absolute positions run out: the
// session keeps the last half block of tokens and re-encodes them from position 0 (one prompt pass
// every block_size/2 tokens), so generation can go on indefinitely. The weights must outlive it.
class GptCpuDecoder final : public models::Decoder {
 public:
  GptCpuDecoder(const GptShape& shape, GptWeights weights);
  const std::vector<float>& feed(const std::vector<int32_t>& tokens) override;
  int64_t context_length() const override { return static_cast<int64_t>(m_tokens.size()); }

 private:
  // Runs tokens [from, end) of m_tokens at positions m_length.. and leaves the last one's logits.
  void forward(size_t from);
  // rows x out = rows x in . W^T + bias (W row-major (out, in)).
  static void linear(const float* x, int64_t rows, int64_t in, const float* w, const float* bias, int64_t out,
                     float* y);

  GptShape m_shape;
  GptWeights m_w;
  std::vector<int32_t> m_tokens;                                       // the context: every token the caches hold
  int64_t m_length = 0;                                                // positions filled in the caches
  std::vector<float> m_k, m_v;                                         // per layer (n_head, block_size, head_dim)
  std::vector<float> m_x, m_h, m_y, m_qkv, m_mlp, m_scores, m_logits;  // activations (rows x width)
};

}  // namespace genlab::nn
