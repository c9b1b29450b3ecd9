// vae: the classic MLP variational autoencoder (Kingma & Welling 2013), as pytorch/examples/vae
// builds it: encoder C*H*W -> 400 -> (mu, logvar) of a 20-dim Gaussian, decoder 20 -> 400 -> C*H*W
// with a sigmoid, loss = BCE on grey levels (summed) + KL divergence to N(0, I), per image.
// arch = "conv" puts two 4x4 stride-2 convolutions (C -> 32 -> 64 maps at H/4 x W/4) before fc1 and
// mirrors them with two transposed convolutions after fc3 -> fc4, the same latent and loss.
// The BCE-on-grey-levels -ELBO is a training loss kept for parity with the reference, not a
// likelihood of 8-bit images. With binarize on, the model trains and is evaluated on dynamically
// binarised images (each pixel 1 with probability its grey level, drawn afresh for every batch),
// the standard setting for VAE likelihoods: the Bernoulli decoder is then a real distribution over
// the data, the -ELBO bounds its negative log-likelihood, and eval reports it as bits per dimension.
// conditional (CVAE): the one-hot label joins the encoder's input and z. With prior = class (the
// default) each class has a learned Gaussian prior N(m_y, s_y^2) in place of N(0, I), so the KL term
// is to the label's prior and sampling draws z from it: with one N(0, I) for all classes, z keeps
// part of the class and a label paired with another class's z draws a mixture (on Fashion-MNIST:
// samples recognised as their class 0.77x as often as real images, against 0.91x with class priors).
#pragma once

#include <memory>
#include <string>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/model.h"

namespace genlab::models {

struct VaeConfig {
  std::string arch = "mlp";  // mlp (pytorch/examples) | conv (strided-conv encoder, transposed-conv decoder)
  int64_t hidden = 400;  // width of the encoder's and decoder's hidden layer
  int64_t latent = 20;   // latent dimensions
  int64_t channels = 0;  // image channels; 0 = from the data
  int64_t height = 0;    // image height in pixels; 0 = from the data
  int64_t width = 0;     // image width in pixels; 0 = from the data
  bool conditional = false;  // CVAE: a one-hot class label joins the encoder's input and z
  int64_t classes = 0;       // conditional: label classes; 0 = from the data
  std::string prior = "class";  // conditional models: class (a learned Gaussian per class, so samples come
                                // from where that class's codes are) | standard (N(0, I) for every class)
  bool binarize = false;     // train and evaluate on dynamically binarised images (reports bits/dim)

  template <class V>
  void fields(V& v) {
    v("arch", arch, "mlp (pytorch/examples) | conv (strided-conv encoder, transposed-conv decoder)");
    v("hidden", hidden, "width of the encoder's and decoder's hidden layer");
    v("latent", latent, "latent dimensions");
    v("channels", channels, "image channels; 0 = from the data");
    v("height", height, "image height in pixels; 0 = from the data");
    v("width", width, "image width in pixels; 0 = from the data");
    v("conditional", conditional, "CVAE: a one-hot class label joins the encoder's input and z");
    v("classes", classes, "conditional: label classes; 0 = from the data");
    v("prior", prior, "conditional models: class (a learned Gaussian per class) | standard (N(0, I) for every class)");
    v("binarize", binarize, "train and evaluate on dynamically binarised images (reports bits/dim)");
  }
  int64_t label_width() const { return conditional ? classes : 0; }
  bool class_prior() const { return conditional && prior == "class"; }
};

struct VaeNetImpl : torch::nn::Module {
  explicit VaeNetImpl(const VaeConfig& c);
  // (B, C*H*W [+ classes]) in [0, 1] -> mu, logvar (B, latent)
  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& x);
  torch::Tensor decode(const torch::Tensor& z);  // (B, latent [+ classes]) -> (B, C*H*W) in (0, 1)
  torch::nn::Linear fc1{nullptr}, fc21{nullptr}, fc22{nullptr}, fc3{nullptr}, fc4{nullptr};
  // arch = conv only: encoder convolutions and decoder transposed convolutions.
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::ConvTranspose2d deconv1{nullptr}, deconv2{nullptr};
  // prior = class only: each class's prior mean and log-variance (classes, latent), from N(0, I).
  torch::Tensor prior_mu, prior_logvar;
  int64_t channels, height, width;  // the image shape
};
TORCH_MODULE(VaeNet);

class Vae final : public Model {
 public:
  explicit Vae(const VaeConfig& config);

  std::string family() const override { return "vae"; }
  std::string config_toml() override;
  std::vector<std::pair<std::string, torch::nn::Module*>> modules() override;
  std::vector<OptimizerSpec> optimizers() override;
  Figures training_step(const data::Batch& batch, StepContext& ctx) override;
  // val_neg_elbo, val_bce, val_kld (nats per image); with binarize also val_bits_per_dim, the
  // -ELBO divided by C*H*W ln 2 (an upper bound on the binarised images' NLL in bits per pixel).
  Figures eval_step(const data::Batch& batch, torch::Generator& rng) override;
  std::string selection_figure() const override { return "val_neg_elbo"; }
  Samples sample(const SampleRequest& request) override;
  int64_t latent_dim() const override;
  Samples decode(const torch::Tensor& z, int64_t class_index) override;
  // Decodes the encoder's mean mu (no sampling).
  torch::Tensor reconstruct(const torch::Tensor& images01, const torch::Tensor& labels) override;
  int64_t classes() const override { return config.label_width(); }

  // Per-image BCE and KL terms for a batch, with the reparameterisation noise eps (B, latent) and,
  // for a conditional model, the labels (B).
  std::pair<torch::Tensor, torch::Tensor> loss_terms(const torch::Tensor& images01, const torch::Tensor& eps,
                                                     const torch::Tensor& labels = {});

  VaeConfig config;
  VaeNet net{nullptr};
};

std::unique_ptr<Model> create_vae(core::Settings& settings, const data::DataInfo& data);

}  // namespace genlab::models
