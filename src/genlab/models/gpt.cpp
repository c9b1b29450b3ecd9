// gpt (see gpt.h). Names follow nanoGPT (wte, wpe, h.N.attn.c_attn, ln_f) so weights map 1:1.
#include "genlab/models/gpt.h"

#include <algorithm>
#include <cmath>

#include "genlab/core/check.h"
#include "genlab/nn/gpt_cpu.h"

namespace genlab::models {
namespace {

torch::nn::LayerNorm layer_norm(const GptConfig& c) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.n_embd}).elementwise_affine(true));
}

const float* float_data(const torch::Tensor& t) { return t.defined() ? t.data_ptr<float>() : nullptr; }

// Decoding. On a CPU with float32 weights and a KV cache, nn::GptCpuDecoder runs over the module's
// own parameters (the same arithmetic as the fast `genlab sample` path, without a few hundred
// LibTorch dispatches per token). Otherwise (another device or dtype, or no cache) LibTorch's
// forward runs, with the same context-window policy: past block_size tokens the session keeps the
// last half block and re-encodes it from position 0.
class GptDecoder final : public Decoder {
 public:
  GptDecoder(GptNet net, bool kv_cache) : m_net(std::move(net)), m_kv_cache(kv_cache) {
    bool cpu_floats = kv_cache && m_net->wte->weight.device().is_cpu();
    for (const auto& p : m_net->parameters())
      cpu_floats = cpu_floats && p.scalar_type() == torch::kFloat && p.is_contiguous();
    if (cpu_floats) m_cpu = std::make_unique<nn::GptCpuDecoder>(shape(), weights());
  }

  const std::vector<float>& feed(const std::vector<int32_t>& tokens) override {
    if (m_cpu) return m_cpu->feed(tokens);
    GENLAB_CHECK(!tokens.empty(), "feed needs at least one token");
    c10::InferenceMode inference;  // no autograd bookkeeping at all, views included
    const int64_t block = m_net->config.block_size;
    const bool overflow = static_cast<int64_t>(m_tokens.size() + tokens.size()) > block;
    m_tokens.insert(m_tokens.end(), tokens.begin(), tokens.end());
    if (overflow) m_tokens.erase(m_tokens.begin(), m_tokens.end() - std::max<int64_t>(1, block / 2));
    if (!m_kv_cache) return last_logits(m_net->forward(as_tensor(m_tokens)));
    if (overflow || m_caches.empty()) {
      m_caches = m_net->make_caches(1);
      return last_logits(m_net->forward(as_tensor(m_tokens), &m_caches, 0));
    }
    const int64_t offset = m_caches.front().length;
    return last_logits(m_net->forward(as_tensor(tokens), &m_caches, offset));
  }

  int64_t context_length() const override {
    return m_cpu ? m_cpu->context_length() : static_cast<int64_t>(m_tokens.size());
  }

 private:
  torch::Tensor as_tensor(const std::vector<int32_t>& ids) const {
    return torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kInt64)
        .unsqueeze(0)
        .to(m_net->wte->weight.device());  // (1, T)
  }
  const std::vector<float>& last_logits(const torch::Tensor& logits) {
    auto last = logits.select(1, logits.size(1) - 1).squeeze(0).to(torch::kCPU, torch::kFloat32).contiguous();
    m_logits.assign(last.data_ptr<float>(), last.data_ptr<float>() + last.numel());
    return m_logits;  // (V)
  }

  nn::GptShape shape() const {
    const auto& c = m_net->config;
    return {c.n_layer, c.n_head, c.n_embd, c.block_size, c.vocab_size};
  }
  nn::GptWeights weights() {
    nn::GptWeights w;
    w.wte = float_data(m_net->wte->weight);
    w.wpe = float_data(m_net->wpe->weight);
    for (size_t i = 0; i < m_net->h->size(); ++i) {
      auto* b = m_net->h[i]->as<GptBlockImpl>();
      w.blocks.push_back({float_data(b->ln_1->weight), float_data(b->ln_1->bias), float_data(b->attn->c_attn->weight),
                          float_data(b->attn->c_attn->bias), float_data(b->attn->c_proj->weight),
                          float_data(b->attn->c_proj->bias), float_data(b->ln_2->weight), float_data(b->ln_2->bias),
                          float_data(b->c_fc->weight), float_data(b->c_fc->bias), float_data(b->c_proj->weight),
                          float_data(b->c_proj->bias)});
    }
    w.ln_f_w = float_data(m_net->ln_f->weight);
    w.ln_f_b = float_data(m_net->ln_f->bias);
    w.eps = static_cast<float>(m_net->ln_f->options.eps());
    return w;
  }

  GptNet m_net;
  bool m_kv_cache;
  std::unique_ptr<nn::GptCpuDecoder> m_cpu;  // null: LibTorch's forward (another device or dtype, no cache)
  std::vector<int32_t> m_tokens;
  std::vector<nn::KvCache> m_caches;
  std::vector<float> m_logits;
};

}  // namespace

GptBlockImpl::GptBlockImpl(const GptConfig& c) {
  ln_1 = register_module("ln_1", layer_norm(c));
  attn = register_module("attn", nn::CausalSelfAttention(c.n_embd, c.n_head, c.dropout, c.bias));
  ln_2 = register_module("ln_2", layer_norm(c));
  c_fc = register_module("c_fc", torch::nn::Linear(torch::nn::LinearOptions(c.n_embd, 4 * c.n_embd).bias(c.bias)));
  c_proj = register_module("c_proj", torch::nn::Linear(torch::nn::LinearOptions(4 * c.n_embd, c.n_embd).bias(c.bias)));
  dropout = register_module("dropout", torch::nn::Dropout(c.dropout));
}

torch::Tensor GptBlockImpl::forward(const torch::Tensor& x, nn::KvCache* cache) {
  auto y = x + attn->forward(ln_1(x), cache);
  return y + dropout(c_proj(torch::gelu(c_fc(ln_2(y)))));
}

GptNetImpl::GptNetImpl(const GptConfig& c) : config(c) {
  wte = register_module("wte", torch::nn::Embedding(c.vocab_size, c.n_embd));
  wpe = register_module("wpe", torch::nn::Embedding(c.block_size, c.n_embd));
  drop = register_module("drop", torch::nn::Dropout(c.dropout));
  h = register_module("h", torch::nn::ModuleList());
  for (int64_t i = 0; i < c.n_layer; ++i) h->push_back(GptBlock(c));
  ln_f = register_module("ln_f", layer_norm(c));

  // GPT-2 initialisation (nanoGPT): N(0, 0.02) weights, zero biases, and residual projections
  // scaled by 1/sqrt(2 * n_layer).
  torch::NoGradGuard no_grad;
  for (auto& p : named_parameters()) {
    const std::string& name = p.key();
    if (name.find("ln_") != std::string::npos) continue;
    if (name.size() >= 5 && name.compare(name.size() - 5, 5, ".bias") == 0)
      p.value().zero_();
    else if (name.find("c_proj.weight") != std::string::npos)
      p.value().normal_(0.0, 0.02 / std::sqrt(2.0 * static_cast<double>(c.n_layer)));
    else
      p.value().normal_(0.0, 0.02);
  }
}

std::vector<nn::KvCache> GptNetImpl::make_caches(int64_t batch) const {
  const int64_t hs = config.n_embd / config.n_head;
  auto opts = wte->weight.options();
  std::vector<nn::KvCache> caches(static_cast<size_t>(config.n_layer));
  for (auto& c : caches) {
    c.k = torch::empty({batch, config.n_head, config.block_size, hs}, opts);
    c.v = torch::empty({batch, config.n_head, config.block_size, hs}, opts);
  }
  return caches;
}

torch::Tensor GptNetImpl::forward(const torch::Tensor& idx, std::vector<nn::KvCache>* caches, int64_t offset) {
  const int64_t t = idx.size(1);
  GENLAB_CHECK(offset + t <= config.block_size, "positions {}..{} exceed block_size {}", offset, offset + t,
               config.block_size);
  auto pos = torch::arange(offset, offset + t, torch::TensorOptions().dtype(torch::kLong).device(idx.device()));
  auto x = drop(wte(idx) + wpe(pos));  // (B, T, C)
  for (size_t i = 0; i < h->size(); ++i)
    x = h[i]->as<GptBlockImpl>()->forward(x, caches ? &(*caches)[i] : nullptr);
  x = ln_f(x);
  return torch::linear(x, wte->weight);  // (B, T, V); weights tied to the token embedding
}

Gpt::Gpt(const GptConfig& c) : config(c) { net = GptNet(config); }

std::string Gpt::config_toml() { return core::to_toml("model", config); }

std::vector<std::pair<std::string, torch::nn::Module*>> Gpt::modules() { return {{"gpt", net.ptr().get()}}; }

std::vector<OptimizerSpec> Gpt::optimizers() {
  // nanoGPT: every parameter of 2+ dimensions (matrices, embeddings) decays; biases and norms don't.
  ParamGroup decay{{}, true}, no_decay{{}, false};
  for (const auto& p : net->parameters())
    if (p.requires_grad()) (p.dim() >= 2 ? decay : no_decay).params.push_back(p);
  return {{"main", {decay, no_decay}}};
}

Figures Gpt::training_step(const data::Batch& batch, StepContext& ctx) {
  auto l = next_token_loss(net->forward(batch.x), batch.y);
  ctx.update("main", l);
  return {{"loss", l.item<double>()}};
}

Figures Gpt::eval_step(const data::Batch& batch, torch::Generator& /*rng*/) {
  torch::NoGradGuard no_grad;
  return next_token_figures(net->forward(batch.x), batch.y);
}

Samples Gpt::sample(const SampleRequest& /*request*/) { return {}; }

std::unique_ptr<Decoder> Gpt::decoder(const DecoderOptions& options) {
  return std::make_unique<GptDecoder>(net, options.kv_cache);
}

std::vector<torch::Tensor> Gpt::attention_maps(const std::vector<int32_t>& tokens) {
  torch::NoGradGuard no_grad;
  const int64_t t = std::min<int64_t>(static_cast<int64_t>(tokens.size()), config.block_size);
  std::vector<int64_t> ids(tokens.begin(), tokens.begin() + t);
  std::vector<nn::CausalSelfAttentionImpl*> layers;
  for (size_t i = 0; i < net->h->size(); ++i) layers.push_back(net->h[i]->as<GptBlockImpl>()->attn.get());
  for (auto* a : layers) a->record_attention = true;
  net->forward(torch::tensor(ids, torch::kInt64).unsqueeze(0).to(net->wte->weight.device()));
  std::vector<torch::Tensor> maps;
  for (auto* a : layers) {
    a->record_attention = false;
    maps.push_back(a->last_attention.squeeze(0).to(torch::kCPU));  // (n_head, T, T)
    a->last_attention = torch::Tensor();
  }
  return maps;
}

std::unique_ptr<Model> create_gpt(core::Settings& settings, const data::DataInfo& data) {
  GptConfig c;
  settings.bind("model", c);
  fill_sequence_shape(data, c.vocab_size, c.block_size);
  if (c.vocab_size <= 0 || c.block_size <= 0) fail("gpt: vocabulary or block size unknown; train it on text data");
  if (data.example_shape.size() == 1 && data.example_shape[0] > c.block_size)
    fail("gpt: model.block_size = {} is shorter than data.context = {}; raise block_size or shorten the context",
         c.block_size, data.example_shape[0]);
  if (c.n_layer <= 0 || c.n_head <= 0 || c.n_embd <= 0) fail("gpt: model.n_layer, n_head and n_embd must be positive");
  if (c.n_embd % c.n_head != 0) fail("gpt: model.n_embd = {} must be divisible by model.n_head = {}", c.n_embd, c.n_head);
  if (c.dropout < 0 || c.dropout >= 1) fail("gpt: model.dropout = {} must be in [0, 1)", c.dropout);
  return std::make_unique<Gpt>(c);
}

}  // namespace genlab::models
