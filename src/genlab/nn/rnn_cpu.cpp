// Torch-free recurrent decoding (see rnn_cpu.h).
#include "genlab/nn/rnn_cpu.h"

#include <algorithm>
#include <cmath>

#include "genlab/core/check.h"
#include "genlab/nn/cpu_kernels.h"

namespace genlab::nn {
namespace {

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace

int64_t rnn_gates(const std::string& cell) {
  if (cell == "rnn") return 1;
  if (cell == "lstm") return 4;
  if (cell == "gru") return 3;
  return 0;
}

RnnCpuDecoder::RnnCpuDecoder(RnnShape shape, RnnWeights weights)
    : m_shape(std::move(shape)), m_w(std::move(weights)), m_gates(rnn_gates(m_shape.cell)) {
  GENLAB_CHECK(m_gates > 0, "unknown recurrent cell '{}'", m_shape.cell);
  GENLAB_CHECK(static_cast<int64_t>(m_w.layers.size()) == m_shape.layers, "RNN weights: {} layers for {}",
               m_w.layers.size(), m_shape.layers);
  const auto state = static_cast<size_t>(m_shape.layers * m_shape.hidden);
  m_h.assign(state, 0.0f);
  if (m_gates == 4) m_c.assign(state, 0.0f);  // lstm
  m_gi.resize(static_cast<size_t>(m_gates * m_shape.hidden));
  m_gh.resize(m_gi.size());
  m_logits.resize(static_cast<size_t>(m_shape.vocab_size));
}

const std::vector<float>& RnnCpuDecoder::feed(const std::vector<int32_t>& tokens) {
  GENLAB_CHECK(!tokens.empty(), "feed needs at least one token");
  for (int32_t t : tokens) {
    GENLAB_CHECK(t >= 0 && t < m_shape.vocab_size, "token {} outside the vocabulary (0..{})", t,
                 m_shape.vocab_size - 1);
    step(t);
  }
  const int64_t hid = m_shape.hidden;
  cpu::gemv(m_w.head_w, m_h.data() + (m_shape.layers - 1) * hid, m_w.head_b, m_shape.vocab_size, hid, m_logits.data());
  return m_logits;
}

void RnnCpuDecoder::step(int32_t token) {
  const int64_t hid = m_shape.hidden;
  const float* x = m_w.wte + static_cast<int64_t>(token) * m_shape.embedding;
  int64_t in = m_shape.embedding;
  float *gi = m_gi.data(), *gh = m_gh.data();
  for (int64_t l = 0; l < m_shape.layers; ++l) {
    const RnnLayerWeights& w = m_w.layers[static_cast<size_t>(l)];
    float* h = m_h.data() + l * hid;
    // Input and recurrent products apart: the GRU needs the recurrent part of n on its own.
    cpu::gemv(w.w_ih, x, w.b_ih, m_gates * hid, in, gi);
    cpu::gemv(w.w_hh, h, w.b_hh, m_gates * hid, hid, gh);
    if (m_gates == 4) {  // lstm
      float* c = m_c.data() + l * hid;
      for (int64_t j = 0; j < hid; ++j) {
        const float i = sigmoid(gi[j] + gh[j]);
        const float f = sigmoid(gi[hid + j] + gh[hid + j]);
        const float g = std::tanh(gi[2 * hid + j] + gh[2 * hid + j]);
        const float o = sigmoid(gi[3 * hid + j] + gh[3 * hid + j]);
        c[j] = f * c[j] + i * g;
        h[j] = o * std::tanh(c[j]);
      }
    } else if (m_gates == 3) {  // gru
      for (int64_t j = 0; j < hid; ++j) {
        const float r = sigmoid(gi[j] + gh[j]);
        const float z = sigmoid(gi[hid + j] + gh[hid + j]);
        const float n = std::tanh(gi[2 * hid + j] + r * gh[2 * hid + j]);
        h[j] = (1.0f - z) * n + z * h[j];
      }
    } else {
      for (int64_t j = 0; j < hid; ++j) h[j] = std::tanh(gi[j] + gh[j]);
    }
    x = h;
    in = hid;
  }
  ++m_length;
}

}  // namespace genlab::nn
