// gpt: a GPT-2-style decoder-only Transformer (Radford et al. 2019) as nanoGPT builds it: token +
// learned position embeddings, pre-LayerNorm blocks of causal self-attention and a GELU MLP, a
// final LayerNorm and an output projection tied to the token embedding. Trained with AdamW over
// decayed (matrices) and non-decayed (biases, norms) parameter groups. Sampling keeps a KV cache.
// Reference: karpathy/nanoGPT model.py.
#pragma once

#include <memory>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/model.h"
#include "genlab/nn/attention.h"

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

struct GptBlockImpl : torch::nn::Module {
  GptBlockImpl(const GptConfig& c);
  torch::Tensor forward(const torch::Tensor& x, nn::KvCache* cache);  // (B, T, C) -> (B, T, C)
  torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
  nn::CausalSelfAttention attn{nullptr};
  torch::nn::Linear c_fc{nullptr}, c_proj{nullptr};  // MLP C -> 4C -> C
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(GptBlock);

struct GptNetImpl : torch::nn::Module {
  explicit GptNetImpl(const GptConfig& c);
  // idx (B, T) int64 at positions offset .. offset+T-1 -> logits (B, T, V). caches: one per layer
  // (or empty for a plain forward pass).
  torch::Tensor forward(const torch::Tensor& idx, std::vector<nn::KvCache>* caches = nullptr, int64_t offset = 0);
  std::vector<nn::KvCache> make_caches(int64_t batch) const;

  GptConfig config;
  torch::nn::Embedding wte{nullptr}, wpe{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::ModuleList h{nullptr};
  torch::nn::LayerNorm ln_f{nullptr};
};
TORCH_MODULE(GptNet);

class Gpt final : public Model {
 public:
  explicit Gpt(const GptConfig& config);

  std::string family() const override { return "gpt"; }
  std::string config_toml() override;
  std::vector<std::pair<std::string, torch::nn::Module*>> modules() override;
  std::vector<OptimizerSpec> optimizers() override;
  Figures training_step(const data::Batch& batch, StepContext& ctx) override;
  Figures eval_step(const data::Batch& batch, torch::Generator& rng) override;
  std::string selection_figure() const override { return "val_loss"; }
  Samples sample(const SampleRequest& request) override;
  std::unique_ptr<Decoder> decoder(const DecoderOptions& options) override;
  std::vector<torch::Tensor> attention_maps(const std::vector<int32_t>& tokens) override;

  GptConfig config;
  GptNet net{nullptr};
};

std::unique_ptr<Model> create_gpt(core::Settings& settings, const data::DataInfo& data);

}  // namespace genlab::models
