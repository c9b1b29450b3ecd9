// Torch-free GPT decoding (see gpt_cpu.h).
#include "genlab/nn/gpt_cpu.h"

#include <cblas.h>

#include <algorithm>

#include "genlab/core/check.h"
#include "genlab/nn/cpu_kernels.h"

namespace genlab::nn {

GptCpuDecoder::GptCpuDecoder(const GptShape& shape, GptWeights weights) : m_shape(shape), m_w(std::move(weights)) {
  GENLAB_CHECK(shape.n_head > 0 && shape.n_embd % shape.n_head == 0 && shape.block_size > 0,
               "GPT shape: n_embd {} must be a positive multiple of n_head {}", shape.n_embd, shape.n_head);
  GENLAB_CHECK(static_cast<int64_t>(m_w.blocks.size()) == shape.n_layer, "GPT weights: {} blocks for n_layer {}",
               m_w.blocks.size(), shape.n_layer);
  const auto cache = static_cast<size_t>(shape.n_layer * shape.block_size * shape.n_embd);
  m_k.resize(cache);
  m_v.resize(cache);
  m_scores.resize(static_cast<size_t>(shape.block_size));
  m_logits.resize(static_cast<size_t>(shape.vocab_size));
}

const std::vector<float>& GptCpuDecoder::feed(const std::vector<int32_t>& tokens) {
  GENLAB_CHECK(!tokens.empty(), "feed needs at least one token");
  for (int32_t t : tokens)
    GENLAB_CHECK(t >= 0 && t < m_shape.vocab_size, "token {} outside the vocabulary (0..{})", t,
                 m_shape.vocab_size - 1);
  const auto block = static_cast<size_t>(m_shape.block_size);
  const bool overflow = m_tokens.size() + tokens.size() > block;
  size_t from = m_tokens.size();
  m_tokens.insert(m_tokens.end(), tokens.begin(), tokens.end());
  if (overflow) {
    m_tokens.erase(m_tokens.begin(), m_tokens.end() - static_cast<std::ptrdiff_t>(std::max<size_t>(1, block / 2)));
    m_length = 0;
    from = 0;
  }
  forward(from);
  return m_logits;
}

void GptCpuDecoder::linear(const float* x, int64_t rows, int64_t in, const float* w, const float* bias, int64_t out,
                           float* y) {
  if (rows == 1) {
    cpu::gemv(w, x, bias, out, in, y);
    return;
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows), static_cast<int>(out),
              static_cast<int>(in), 1.0f, x, static_cast<int>(in), w, static_cast<int>(in), 0.0f, y,
              static_cast<int>(out));
  if (bias)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < out; ++j) y[r * out + j] += bias[j];
}

void GptCpuDecoder::forward(size_t from) {
  const GptShape& s = m_shape;
  const int64_t rows = static_cast<int64_t>(m_tokens.size() - from), n = s.n_embd, hs = n / s.n_head;
  const int64_t pos0 = m_length;
  auto fit = [rows](std::vector<float>& buffer, int64_t width) {
    if (static_cast<int64_t>(buffer.size()) < rows * width) buffer.resize(static_cast<size_t>(rows * width));
    return buffer.data();
  };
  float *x = fit(m_x, n), *h = fit(m_h, n), *y = fit(m_y, n), *qkv = fit(m_qkv, 3 * n), *mlp = fit(m_mlp, 4 * n);
  for (int64_t r = 0; r < rows; ++r) {
    const float* te = m_w.wte + static_cast<int64_t>(m_tokens[from + static_cast<size_t>(r)]) * n;
    const float* pe = m_w.wpe + (pos0 + r) * n;
    for (int64_t i = 0; i < n; ++i) x[r * n + i] = te[i] + pe[i];
  }
  for (int64_t l = 0; l < s.n_layer; ++l) {
    const GptBlockWeights& w = m_w.blocks[static_cast<size_t>(l)];
    float* k = m_k.data() + l * s.block_size * n;
    float* v = m_v.data() + l * s.block_size * n;
    for (int64_t r = 0; r < rows; ++r) cpu::layer_norm(x + r * n, w.ln1_w, w.ln1_b, n, m_w.eps, h + r * n);
    linear(h, rows, n, w.attn_w, w.attn_b, 3 * n, qkv);
    for (int64_t r = 0; r < rows; ++r) {
      const float* q = qkv + r * 3 * n;
      for (int64_t head = 0; head < s.n_head; ++head) {
        const int64_t at = (head * s.block_size + pos0 + r) * hs;
        std::copy_n(q + n + head * hs, hs, k + at);
        std::copy_n(q + 2 * n + head * hs, hs, v + at);
      }
    }
    for (int64_t r = 0; r < rows; ++r)
      cpu::attend(qkv + r * 3 * n, k, v, s.n_head, hs, s.block_size, pos0 + r + 1, y + r * n, m_scores.data());
    linear(y, rows, n, w.attn_proj_w, w.attn_proj_b, n, h);
    for (int64_t i = 0; i < rows * n; ++i) x[i] += h[i];
    for (int64_t r = 0; r < rows; ++r) cpu::layer_norm(x + r * n, w.ln2_w, w.ln2_b, n, m_w.eps, h + r * n);
    linear(h, rows, n, w.fc_w, w.fc_b, 4 * n, mlp);
    cpu::gelu(mlp, rows * 4 * n);
    linear(mlp, rows, 4 * n, w.proj_w, w.proj_b, n, h);
    for (int64_t i = 0; i < rows * n; ++i) x[i] += h[i];
  }
  m_length += rows;
  cpu::layer_norm(x + (rows - 1) * n, m_w.ln_f_w, m_w.ln_f_b, n, m_w.eps, h);
  cpu::gemv(m_w.wte, h, nullptr, s.vocab_size, n, m_logits.data());
}

}  // namespace genlab::nn
