// rnn / lstm / gru's [model] settings (see rnn.h), torch-free: the fast `genlab sample` path reads
// them from a checkpoint's embedded config without LibTorch.
#pragma once

#include <cstdint>

namespace genlab::models {

struct RnnConfig {
  int64_t vocab_size = 0;   // tokens; 0 = from the data's tokenizer
  int64_t embedding = 128;  // token embedding width
  int64_t hidden = 256;     // hidden units per recurrent layer
  int64_t layers = 2;       // stacked recurrent layers
  double dropout = 0.0;     // dropout between recurrent layers (and before the projection)

  template <class V>
  void fields(V& v) {
    v("vocab_size", vocab_size, "tokens; 0 = from the data's tokenizer");
    v("embedding", embedding, "token embedding width");
    v("hidden", hidden, "hidden units per recurrent layer");
    v("layers", layers, "stacked recurrent layers");
    v("dropout", dropout, "dropout between recurrent layers (and before the projection)");
  }
};

}  // namespace genlab::models
