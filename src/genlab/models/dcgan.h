// dcgan: Deep Convolutional GAN (Radford, Metz & Chintala 2015) at 32x32, the pytorch/examples
// recipe scaled to the data's channels: a transposed-conv generator and a strided-conv
// discriminator with batch norm, N(0, 0.02) initialisation, images in [-1, 1] inside the model.
// Smaller images (Fashion-MNIST's 28x28) are padded evenly to 32x32 with the background value.
// conditional = true makes it a class-conditional GAN: the one-hot label joins z at the
// generator's input, and the discriminator is a projection discriminator (Miyato & Koyama 2018):
// its logit gains the inner product of a learned class embedding with its last feature maps.
#pragma once

#include <memory>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/model.h"

namespace genlab::models {

struct DcganConfig {
  int64_t z_dim = 100;   // latent noise size
  int64_t ngf = 64;      // generator feature maps in its last hidden layer (x2, x4 before it)
  int64_t ndf = 64;      // discriminator feature maps in its first layer (x2, x4 after it)
  int64_t channels = 0;  // image channels; 0 = from the data
  int64_t height = 0;    // data image height (<= 32, padded to 32); 0 = from the data
  int64_t width = 0;     // data image width (<= 32, padded to 32); 0 = from the data
  bool conditional = false;  // class-conditional: label at G's input, projection discriminator
  int64_t classes = 0;       // conditional: label classes; 0 = from the data

  template <class V>
  void fields(V& v) {
    v("z_dim", z_dim, "latent noise size");
    v("ngf", ngf, "generator feature maps in its last hidden layer (x2, x4 before it)");
    v("ndf", ndf, "discriminator feature maps in its first layer (x2, x4 after it)");
    v("channels", channels, "image channels; 0 = from the data");
    v("height", height, "data image height (<= 32, padded to 32); 0 = from the data");
    v("width", width, "data image width (<= 32, padded to 32); 0 = from the data");
    v("conditional", conditional, "class-conditional: label at G's input, projection discriminator");
    v("classes", classes, "conditional: label classes; 0 = from the data");
  }
  int64_t label_width() const { return conditional ? classes : 0; }
};

struct DcganGeneratorImpl : torch::nn::Module {
  explicit DcganGeneratorImpl(const DcganConfig& c);
  // (B, z_dim [+ classes]) -> (B, C, 32, 32) in [-1, 1]
  torch::Tensor forward(const torch::Tensor& z);
  torch::nn::Sequential net{nullptr};
};
TORCH_MODULE(DcganGenerator);

struct DcganDiscriminatorImpl : torch::nn::Module {
  explicit DcganDiscriminatorImpl(const DcganConfig& c);
  // (B, C, 32, 32) in [-1, 1] -> (B, 1) logits; labels (B) int64 for a conditional model.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& labels = {});
  torch::nn::Sequential net{nullptr};
  torch::nn::Embedding embed{nullptr};  // conditional only: (classes, 4ndf*4*4) projection vectors
};
TORCH_MODULE(DcganDiscriminator);

class Dcgan final : public Model {
 public:
  explicit Dcgan(const DcganConfig& config);

  std::string family() const override { return "dcgan"; }
  std::string config_toml() override;
  std::vector<std::pair<std::string, torch::nn::Module*>> modules() override;
  std::vector<OptimizerSpec> optimizers() override;
  Figures training_step(const data::Batch& batch, StepContext& ctx) override;
  Figures eval_step(const data::Batch& batch, torch::Generator& rng) override;
  std::string selection_figure() const override { return "val_moment_gap"; }
  // 32x32 samples in [0, 1].
  Samples sample(const SampleRequest& request) override;
  int64_t latent_dim() const override;
  Samples decode(const torch::Tensor& z, int64_t class_index) override;
  int64_t classes() const override { return config.label_width(); }

  // Data in [0, 1] at its own size -> model space: padded to 32x32, in [-1, 1].
  torch::Tensor to_model_space(const torch::Tensor& images01) const;

  DcganConfig config;
  DcganGenerator generator{nullptr};
  DcganDiscriminator discriminator{nullptr};

 private:
  torch::Tensor conditioned(const torch::Tensor& z, const torch::Tensor& labels) const;
};

std::unique_ptr<Model> create_dcgan(core::Settings& settings, const data::DataInfo& data);

}  // namespace genlab::models
