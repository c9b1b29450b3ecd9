// gpt's [model] settings (see gpt.h), torch-free: the fast `genlab sample` path reads them from a
// checkpoint's embedded config without LibTorch.
#pragma once

#include <cstdint>

namespace genlab::models {

struct GptConfig {
  int64_t vocab_size = 0;  // tokens; 0 = from the data's tokenizer
  int64_t block_size = 0;  // context length in tokens (positions); 0 = data.context
  int64_t n_layer = 4;     // Transformer blocks
  int64_t n_head = 4;      // attention heads per block (n_embd must divide by it)
  int64_t n_embd = 128;    // embedding width C
  double dropout = 0.0;    // dropout on embeddings, attention weights and residual branches
  bool bias = true;        // biases in Linear layers (GPT-2: true; LayerNorm always has one)

  template <class V>
  void fields(V& v) {
    v("vocab_size", vocab_size, "tokens; 0 = from the data's tokenizer");
    v("block_size", block_size, "context length in tokens (positions); 0 = data.context");
    v("n_layer", n_layer, "Transformer blocks");
    v("n_head", n_head, "attention heads per block (n_embd must divide by it)");
    v("n_embd", n_embd, "embedding width C");
    v("dropout", dropout, "dropout on embeddings, attention weights and residual branches");
    v("bias", bias, "biases in Linear layers (GPT-2: true; LayerNorm always has one)");
  }
};

}  // namespace genlab::models
