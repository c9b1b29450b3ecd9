// Batch-1 decoding of the recurrent language models (rnn / lstm / gru: embedding -> stacked cells
// -> linear projection) on the CPU without LibTorch: one matrix-vector product per weight matrix
// and the cell's arithmetic in plain loops, per token, over raw float32 weights laid out as
// torch::nn::{RNN,LSTM,GRU} store them. models::Rnn decodes through it on the CPU, and the fast
// `genlab sample` path runs it on the weights mapped straight from a checkpoint. Parity with
// LibTorch's modules: tests/unit/models/test_rnn.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "genlab/models/decoder.h"

namespace genlab::nn {

struct RnnShape {
  std::string cell;        // rnn (tanh) | lstm | gru
  int64_t layers = 0;      // stacked recurrent layers
  int64_t embedding = 0;   // E: token embedding width (layer 0's input)
  int64_t hidden = 0;      // H: hidden units per layer (the input of layers 1..)
  int64_t vocab_size = 0;  // V
};

// One layer, as LibTorch stores weight_ih_lN (G*H, in), weight_hh_lN (G*H, H), bias_ih_lN and
// bias_hh_lN (G*H), with G = 1 (rnn), 4 (lstm: gates i, f, g, o) or 3 (gru: r, z, n).
struct RnnLayerWeights {
  const float *w_ih, *w_hh, *b_ih, *b_hh;
};

struct RnnWeights {
  const float* wte = nullptr;  // (V, E)
  std::vector<RnnLayerWeights> layers;
  const float *head_w = nullptr, *head_b = nullptr;  // (V, H), (V)
};

// Number of gates G of a cell name (0 for an unknown name).
int64_t rnn_gates(const std::string& cell);

// Decoding: the hidden (and, for an LSTM, cell) state of every layer summarises everything fed so
// far, so each token costs one step. The weights must outlive it.
class RnnCpuDecoder final : public models::Decoder {
 public:
  RnnCpuDecoder(RnnShape shape, RnnWeights weights);
  const std::vector<float>& feed(const std::vector<int32_t>& tokens) override;
  int64_t context_length() const override { return m_length; }

 private:
  void step(int32_t token);

  RnnShape m_shape;
  RnnWeights m_w;
  int64_t m_gates;  // 1 rnn, 4 lstm, 3 gru (rnn_gates): the cell, without comparing names per token
  int64_t m_length = 0;
  std::vector<float> m_h, m_c;  // (layers, H) each; m_c for an LSTM only
  std::vector<float> m_gi, m_gh, m_logits;
};

}  // namespace genlab::nn
