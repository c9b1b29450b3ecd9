// Autoregressive families' decoding contract, torch-free so that sampling code (and the fast
// `genlab sample` path, which never loads LibTorch) depends on no tensor library.
#pragma once

#include <cstdint>
#include <vector>

namespace genlab::models {

// An incremental decoding session over one token sequence (batch 1). It keeps what the family needs
// to continue without recomputing the prefix (a KV cache, an RNN's hidden state).
class Decoder {
 public:
  virtual ~Decoder() = default;
  // Appends tokens (a prompt, or the token just sampled) and returns the logits for the next token
  // (vocabulary size floats), valid until the next call. The first call must pass at least one token.
  virtual const std::vector<float>& feed(const std::vector<int32_t>& tokens) = 0;
  // Tokens the model currently conditions on (after any context-window policy).
  virtual int64_t context_length() const = 0;
};

struct DecoderOptions {
  bool kv_cache = true;  // false: recompute the whole context for every token (for comparison)
};

}  // namespace genlab::models
