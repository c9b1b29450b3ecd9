// vqvae: VQ-VAE (van den Oord, Vinyals & Kavukcuoglu 2017) with an EMA codebook (the paper's
// appendix; Sonnet's VectorQuantizerEMA) and dead-code restarts (Jukebox, Dhariwal et al. 2020),
// plus a learned autoregressive prior over the code grid, trained as a second stage of the same run.
//
// Stage 1 (steps 0 .. prior_from-1): a strided-conv encoder maps an H x W image (H, W divisible by
// 4) to an (H/4) x (W/4) grid of code_dim vectors; each is replaced by its nearest codebook entry and
// a transposed-conv decoder (sigmoid output) reconstructs the image. Loss per image = summed squared
// error over pixels + beta * summed squared distance of encoder outputs to their (stopped) codes;
// the decoder's gradient reaches the encoder straight through the quantizer. The codebook is not a
// parameter: it follows exponential moving averages of assignment counts and assigned-vector sums
// (Laplace-smoothed counts), and codes whose EMA count falls below restart_below are moved to
// random encoder outputs of the current batch (drawn from the run's noise generator).
// Stage 2 (steps prior_from ..): encoder, decoder and codebook are frozen; a small GPT (the gpt
// family's net) learns the codes in raster order after a start token. Sampling draws codes from the
// prior and decodes them.
#pragma once

#include <memory>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/gpt.h"
#include "genlab/models/model.h"

namespace genlab::models {

struct VqvaeConfig {
  int64_t hidden = 64;          // feature maps of the encoder/decoder at the code grid (half before it)
  int64_t res_blocks = 2;       // residual blocks (3x3 then 1x1 conv) in the encoder and decoder each
  int64_t codebook_size = 128;  // codes K in the codebook
  int64_t code_dim = 32;        // dimensions D of each code vector
  double decay = 0.99;          // EMA decay of the codebook's counts and sums
  double epsilon = 1e-5;        // Laplace smoothing of the EMA counts
  double beta = 0.25;           // commitment cost: weight of the encoder-to-code distance
  double restart_below = 1.0;   // codes whose EMA count (assignments per batch) drops below this restart; 0 = never
  int64_t prior_from = 1000;    // training step at which stage 2 (the prior on frozen codes) begins
  int64_t prior_layers = 3;     // Transformer blocks of the prior
  int64_t prior_heads = 4;      // attention heads per prior block (prior_width must divide by it)
  int64_t prior_width = 96;     // embedding width of the prior
  int64_t channels = 0;         // image channels; 0 = from the data
  int64_t height = 0;           // image height in pixels (divisible by 4); 0 = from the data
  int64_t width = 0;            // image width in pixels (divisible by 4); 0 = from the data

  template <class V>
  void fields(V& v) {
    v("hidden", hidden, "feature maps of the encoder/decoder at the code grid (half before it)");
    v("res_blocks", res_blocks, "residual blocks (3x3 then 1x1 conv) in the encoder and decoder each");
    v("codebook_size", codebook_size, "codes K in the codebook");
    v("code_dim", code_dim, "dimensions D of each code vector");
    v("decay", decay, "EMA decay of the codebook's counts and sums");
    v("epsilon", epsilon, "Laplace smoothing of the EMA counts");
    v("beta", beta, "commitment cost: weight of the encoder-to-code distance");
    v("restart_below", restart_below,
      "codes whose EMA count (assignments per batch) drops below this restart; 0 = never");
    v("prior_from", prior_from, "training step at which stage 2 (the prior on frozen codes) begins");
    v("prior_layers", prior_layers, "Transformer blocks of the prior");
    v("prior_heads", prior_heads, "attention heads per prior block (prior_width must divide by it)");
    v("prior_width", prior_width, "embedding width of the prior");
    v("channels", channels, "image channels; 0 = from the data");
    v("height", height, "image height in pixels (divisible by 4); 0 = from the data");
    v("width", width, "image width in pixels (divisible by 4); 0 = from the data");
  }
};

// The EMA codebook. All state is buffers, so checkpoints carry it with the weights.
struct VectorQuantizerImpl : torch::nn::Module {
  explicit VectorQuantizerImpl(const VqvaeConfig& c);
  // flat (N, D) -> index of the nearest code (N) int64.
  torch::Tensor nearest(const torch::Tensor& flat) const;
  // One EMA step towards the assignment idx of flat (N, D), then restarts of dead codes to random
  // rows of flat drawn with gen. Returns the number of codes restarted.
  int64_t ema_update(const torch::Tensor& flat, const torch::Tensor& idx, torch::Generator& gen);

  double decay, epsilon, restart_below;
  torch::Tensor codebook;      // (K, D) the code vectors
  torch::Tensor cluster_size;  // (K) EMA of assignments per batch
  torch::Tensor embed_sum;     // (K, D) EMA of the sum of vectors assigned to each code
  torch::Tensor code_counts;   // (K) float64: stage-2 training assignments, for the unigram baseline
};
TORCH_MODULE(VectorQuantizer);

struct VqvaeNetImpl : torch::nn::Module {
  explicit VqvaeNetImpl(const VqvaeConfig& c);
  torch::Tensor encode(const torch::Tensor& images01);  // (B, C, H, W) -> (B, D, H/4, W/4)
  torch::Tensor decode(const torch::Tensor& z);         // (B, D, H/4, W/4) -> (B, C, H, W) in (0, 1)
  torch::nn::Sequential encoder{nullptr}, decoder{nullptr};
};
TORCH_MODULE(VqvaeNet);

class Vqvae final : public Model {
 public:
  explicit Vqvae(const VqvaeConfig& config);

  std::string family() const override { return "vqvae"; }
  std::string config_toml() override;
  std::vector<std::pair<std::string, torch::nn::Module*>> modules() override;
  // "vqvae" (encoder + decoder; stage 1) and "prior" (stage 2).
  std::vector<OptimizerSpec> optimizers() override;
  Figures training_step(const data::Batch& batch, StepContext& ctx) override;
  // val_recon, val_perplexity, val_usage; once the prior has trained also val_prior_nll (nats/code),
  // val_prior_nll_image (nats/image) and val_unigram_nll (nats/code, the code-unigram baseline).
  Figures eval_step(const data::Batch& batch, torch::Generator& rng) override;
  // Only stage-2 evaluations report it (the codes are frozen then, so values compare), so `best`
  // is the best prior over the final autoencoder, never a stage-1 checkpoint.
  std::string selection_figure() const override { return "val_prior_nll"; }
  Samples sample(const SampleRequest& request) override;
  // The training step counter decides the stage; it is saved so a resume switches at the same step.
  void save_state(backend::ArchiveWriter& out) override;
  void load_state(const backend::ArchiveReader& in) override;

  bool in_prior_stage() const { return m_steps >= config.prior_from; }
  // Whether stage 2 has trained on any batch. Read from a buffer (not the step counter, which only
  // training state carries), so a model opened for eval or sampling knows it too.
  bool prior_trained() const { return quantizer->code_counts.sum().item<double>() > 0; }
  // (B, C, H, W) in [0, 1] -> code grid (B, H/4, W/4) int64.
  torch::Tensor encode_codes(const torch::Tensor& images01);
  // Code grid (B, h, w) -> images (B, C, H, W) in (0, 1).
  torch::Tensor decode_codes(const torch::Tensor& codes);
  // Images through the autoencoder (nearest codes, decoded): (B, C, H, W) -> (B, C, H, W) in
  // (0, 1) on CPU. The model is unconditional: labels are ignored.
  torch::Tensor reconstruct(const torch::Tensor& images01, const torch::Tensor& labels) override;
  // Prior logits over the K codes for each grid position of codes (B, h, w): (B, h*w, K).
  torch::Tensor prior_logits(const torch::Tensor& codes);

  VqvaeConfig config;
  VqvaeNet net{nullptr};
  VectorQuantizer quantizer{nullptr};
  GptNet prior{nullptr};

 private:
  Figures autoencoder_step(const data::Batch& batch, StepContext& ctx);
  Figures prior_step(const data::Batch& batch, StepContext& ctx);

  int64_t m_steps = 0;  // training steps taken (both stages)
};

std::unique_ptr<Model> create_vqvae(core::Settings& settings, const data::DataInfo& data);

}  // namespace genlab::models
