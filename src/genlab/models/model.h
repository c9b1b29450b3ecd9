// The one contract every model family implements (makemore's forward contract, llama.cpp's
// per-architecture overrides). The trainer, sampler, checkpoint code and CLI only ever see a Model;
// adding a family is one file pair + one line in registry.cpp + tests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "genlab/backend/archive.h"
#include "genlab/backend/torch.h"
#include "genlab/data/dataset.h"
#include "genlab/models/decoder.h"

namespace genlab::models {

// Named scalar figures of one step, in a stable order ("d_loss", "g_loss", ...).
using Figures = std::vector<std::pair<std::string, double>>;

// Parameters one optimizer updates, split into groups (e.g. decayed / not decayed).
struct ParamGroup {
  std::vector<torch::Tensor> params;
  bool weight_decay = true;  // false: this group gets weight_decay 0 whatever the config says
};

struct OptimizerSpec {
  std::string name;                // "main", or e.g. "generator" / "discriminator" for a GAN
  std::vector<ParamGroup> groups;  // in a fixed order: checkpoints store state by position
};

// What a training step may ask of the trainer.
class StepContext {
 public:
  virtual ~StepContext() = default;
  // Zeroes the named optimizer's gradients, backpropagates loss, clips, and steps that optimizer.
  virtual void update(const std::string& optimizer, const torch::Tensor& loss) = 0;
  // The run's noise generator (CPU; saved in checkpoints). Draw on CPU, then move to device().
  virtual torch::Generator& rng() = 0;
  virtual const torch::Device& device() const = 0;
};

struct SampleRequest {
  int64_t n = 16;            // number of samples
  uint64_t seed = 0;         // noise seed: same seed + threads -> same output
  int64_t class_index = -1;  // conditional families: requested class, -1 = any
};

// Samples of any modality; images are (N, C, H, W) float in [0, 1] on CPU.
struct Samples {
  torch::Tensor images;
};

class Model {
 public:
  virtual ~Model() = default;

  // Family name as in the registry ("gan-mlp").
  virtual std::string family() const = 0;
  // The resolved [model] section as TOML (embedded in checkpoints and the run directory).
  virtual std::string config_toml() = 0;

  // Every submodule whose parameters and buffers make up the model, by stable name.
  virtual std::vector<std::pair<std::string, torch::nn::Module*>> modules() = 0;
  // Which optimizers the family trains with and over which parameters.
  virtual std::vector<OptimizerSpec> optimizers() = 0;

  // One optimisation step on a batch; calls ctx.update() once per optimizer it steps.
  // Returns the figures to log (losses first).
  virtual Figures training_step(const data::Batch& batch, StepContext& ctx) = 0;
  // Held-out figures for one batch, without gradients ("val_*"); the trainer averages them.
  virtual Figures eval_step(const data::Batch& batch, torch::Generator& rng) = 0;
  // The eval figure that decides the `best` checkpoint (lower is better).
  virtual std::string selection_figure() const = 0;

  virtual Samples sample(const SampleRequest& request) = 0;
  // Latent-variable families (GANs, VAEs) sample by drawing z ~ N(0, I) from the request's seed and
  // decoding it; they expose both halves for interpolations and traversals: the latent size, and
  // the images of given latent points z (N, latent_dim), as sample() returns them. Others: 0 / none.
  // class_index as in SampleRequest (conditional families).
  virtual int64_t latent_dim() const { return 0; }
  virtual Samples decode(const torch::Tensor& /*z*/, int64_t /*class_index*/) { return {}; }
  // Autoencoders (VAE, VQ-VAE): images (N, C, H, W) in [0, 1] through the encoder and back, the
  // encoder's most likely code decoded to the decoder's mean, on CPU. labels (N) int64 for
  // conditional families (undefined otherwise). Others return an undefined tensor.
  virtual torch::Tensor reconstruct(const torch::Tensor& /*images01*/, const torch::Tensor& /*labels*/) { return {}; }
  // Class-conditional families: how many classes SampleRequest::class_index may ask for; 0 for
  // unconditional ones.
  virtual int64_t classes() const { return 0; }
  // Autoregressive families return a decoding session; others nullptr.
  virtual std::unique_ptr<Decoder> decoder(const DecoderOptions& /*options*/) { return nullptr; }
  // Attention families: each layer's attention weights (n_head, T, T) on CPU for one sequence of at
  // most the context length (for `genlab explain`); others return nothing.
  virtual std::vector<torch::Tensor> attention_maps(const std::vector<int32_t>& /*tokens*/) { return {}; }

  // Family-specific training state beyond parameters and buffers (an RNN's carried hidden state,
  // a training stage...). Default: none.
  virtual void save_state(backend::ArchiveWriter& /*out*/) {}
  virtual void load_state(const backend::ArchiveReader& /*in*/) {}

  // Moves every module to device; switches train/eval mode.
  void to(const torch::Device& device);
  void train(bool on);
  int64_t parameter_count();
};

// For image families: fills shape fields left at 0 from the data's example shape {C, H, W}, and
// throws Error naming the field when a set one disagrees with the data.
void fill_image_shape(const data::DataInfo& data, int64_t& channels, int64_t& height, int64_t& width);

// For sequence families: fills vocab_size and context (block size) left at 0 from the data's
// tokenizer and example shape {T}; throws Error naming the field when a set one disagrees (a
// context longer than the data's is allowed: the data then trains on shorter windows).
void fill_sequence_shape(const data::DataInfo& data, int64_t& vocab_size, int64_t& context);

// For class-conditional families: fills classes (0 = from the data's labels) and throws Error
// naming the family when the data has no labels or another number of classes.
void fill_classes(const data::DataInfo& data, int64_t& classes, const std::string& family);
// The labels (N) int64 of a request: all class_index, or 0, 1, ..., classes-1, 0, ... when it is -1
// (every class equally often). Throws Error for an index outside [0, classes).
torch::Tensor request_labels(int64_t n, int64_t class_index, int64_t classes);
// v (B, D) with the one-hot encoding of labels (B) appended: (B, D + classes).
torch::Tensor with_one_hot(const torch::Tensor& v, const torch::Tensor& labels, int64_t classes);

// For sequence families: the training loss of next-token logits (B, T, V) against targets (B, T).
torch::Tensor next_token_loss(const torch::Tensor& logits, const torch::Tensor& targets);
// Their held-out figures: "val_loss" (mean cross-entropy, nats/token) and "val_accuracy" (share of
// positions whose most likely token is the target).
Figures next_token_figures(const torch::Tensor& logits, const torch::Tensor& targets);

}  // namespace genlab::models
