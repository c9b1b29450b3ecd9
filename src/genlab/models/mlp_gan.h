// gan-mlp: the classic fully-connected GAN (Goodfellow et al. 2014, in its textbook form).
// Generator z(100) -> 128 -> 128 -> C*H*W with ReLU and a sigmoid output; discriminator
// C*H*W -> 128 -> 128 -> 1 with LeakyReLU(0.2), trained with BCE-with-logits.
#pragma once

#include <memory>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/model.h"

namespace genlab::models {

struct MlpGanConfig {
  int64_t z_dim = 100;        // latent noise size
  int64_t hidden = 128;       // width of both hidden layers, in G and in D
  double leaky_slope = 0.2;   // LeakyReLU negative slope in D
  int64_t channels = 0;       // image channels; 0 = from the data
  int64_t height = 0;         // image height in pixels; 0 = from the data
  int64_t width = 0;          // image width in pixels; 0 = from the data
  bool conditional = false;   // cGAN: a one-hot class label joins z in G and the image in D
  int64_t classes = 0;        // conditional: label classes; 0 = from the data

  template <class V>
  void fields(V& v) {
    v("z_dim", z_dim, "latent noise size");
    v("hidden", hidden, "width of both hidden layers, in G and in D");
    v("leaky_slope", leaky_slope, "LeakyReLU negative slope in D");
    v("channels", channels, "image channels; 0 = from the data");
    v("height", height, "image height in pixels; 0 = from the data");
    v("width", width, "image width in pixels; 0 = from the data");
    v("conditional", conditional, "cGAN: a one-hot class label joins z in G and the image in D");
    v("classes", classes, "conditional: label classes; 0 = from the data");
  }
  int64_t label_width() const { return conditional ? classes : 0; }
};

struct MlpGeneratorImpl : torch::nn::Module {
  MlpGeneratorImpl(const MlpGanConfig& c);
  torch::Tensor forward(const torch::Tensor& z);  // (B, z_dim) -> (B, C*H*W) in [0, 1]
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
};
TORCH_MODULE(MlpGenerator);

struct MlpDiscriminatorImpl : torch::nn::Module {
  MlpDiscriminatorImpl(const MlpGanConfig& c);
  torch::Tensor forward(const torch::Tensor& x);  // (B, C*H*W) -> (B, 1) logits
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
  double slope;
};
TORCH_MODULE(MlpDiscriminator);

class MlpGan final : public Model {
 public:
  explicit MlpGan(const MlpGanConfig& config);

  std::string family() const override { return "gan-mlp"; }
  std::string config_toml() override;
  std::vector<std::pair<std::string, torch::nn::Module*>> modules() override;
  std::vector<OptimizerSpec> optimizers() override;
  Figures training_step(const data::Batch& batch, StepContext& ctx) override;
  Figures eval_step(const data::Batch& batch, torch::Generator& rng) override;
  std::string selection_figure() const override { return "val_moment_gap"; }
  Samples sample(const SampleRequest& request) override;
  int64_t latent_dim() const override;
  Samples decode(const torch::Tensor& z, int64_t class_index) override;
  int64_t classes() const override { return config.label_width(); }

  // The reference formulation of one step, with the noise given (parity tests use it directly);
  // labels (B) for a conditional model.
  Figures step_with_noise(const torch::Tensor& real, const torch::Tensor& z, StepContext& ctx,
                          const torch::Tensor& labels = {});

  MlpGanConfig config;
  MlpGenerator generator{nullptr};
  MlpDiscriminator discriminator{nullptr};

 private:
  torch::Tensor conditioned(const torch::Tensor& v, const torch::Tensor& labels) const;
};

// Registry entry point: binds [model] from settings, fills shape fields from the data.
std::unique_ptr<Model> create_mlp_gan(core::Settings& settings, const data::DataInfo& data);

}  // namespace genlab::models
