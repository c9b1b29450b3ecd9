// gpt: a GPT-2-style decoder-only Transformer (Radford et al. 2019) as nanoGPT builds it: token +
// learned position embeddings, pre-LayerNorm blocks of causal self-attention and a GELU MLP, a
// final LayerNorm and an output projection tied to the token embedding. Trained with AdamW over
// decayed (matrices) and non-decayed (biases, norms) parameter groups. Sampling keeps a KV cache.
// Reference: karpathy/nanoGPT model.py.
#pragma once

#include <memory>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/gpt_config.h"
#include "genlab/models/model.h"
#include "genlab/nn/attention.h"

namespace genlab::models {

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
