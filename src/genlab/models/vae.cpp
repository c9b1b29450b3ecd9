// vae (see vae.h); layer names follow pytorch/examples/vae/main.py.
#include "genlab/models/vae.h"

#include <cmath>

#include "genlab/core/check.h"

namespace genlab::models {

namespace {

constexpr int64_t k_conv_maps = 64;  // feature maps at H/4 x W/4 in the conv arch (32 at H/2)

// Each pixel 1 with probability its grey level; uniforms drawn on the CPU from gen, so the result
// is the same on every device.
torch::Tensor binarized(const torch::Tensor& images01, torch::Generator& gen) {
  return torch::rand(images01.sizes(), gen).to(images01.device()).lt(images01).to(images01.scalar_type());
}

}  // namespace

VaeNetImpl::VaeNetImpl(const VaeConfig& c) : channels(c.channels), height(c.height), width(c.width) {
  const int64_t d = c.channels * c.height * c.width;
  const bool conv = c.arch == "conv";
  const int64_t features = conv ? k_conv_maps * (c.height / 4) * (c.width / 4) : d;
  if (conv) {
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.channels, 32, 4).stride(2).padding(1)));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(32, k_conv_maps, 4).stride(2).padding(1)));
  }
  fc1 = register_module("fc1", torch::nn::Linear(features + c.label_width(), c.hidden));
  fc21 = register_module("fc21", torch::nn::Linear(c.hidden, c.latent));
  fc22 = register_module("fc22", torch::nn::Linear(c.hidden, c.latent));
  fc3 = register_module("fc3", torch::nn::Linear(c.latent + c.label_width(), c.hidden));
  fc4 = register_module("fc4", torch::nn::Linear(c.hidden, features));
  if (c.class_prior()) {
    prior_mu = register_parameter("prior_mu", torch::zeros({c.classes, c.latent}));
    prior_logvar = register_parameter("prior_logvar", torch::zeros({c.classes, c.latent}));
  }
  if (conv) {
    deconv1 = register_module(
        "deconv1", torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(k_conv_maps, 32, 4).stride(2).padding(1)));
    deconv2 = register_module(
        "deconv2", torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(32, c.channels, 4).stride(2).padding(1)));
  }
}

std::pair<torch::Tensor, torch::Tensor> VaeNetImpl::encode(const torch::Tensor& x) {
  auto input = x;
  if (conv1) {  // the image part through the convolutions; any label part joins after them
    const int64_t b = x.size(0), d = channels * height * width;
    auto maps = torch::relu(conv2(torch::relu(conv1(x.narrow(1, 0, d).reshape({b, channels, height, width})))));
    input = torch::cat({maps.reshape({b, -1}), x.narrow(1, d, x.size(1) - d)}, 1);
  }
  auto h = torch::relu(torch::linear(input, fc1->weight, fc1->bias));  // (B, hidden)
  return {torch::linear(h, fc21->weight, fc21->bias), torch::linear(h, fc22->weight, fc22->bias)};
}

torch::Tensor VaeNetImpl::decode(const torch::Tensor& z) {
  auto h = torch::relu(torch::linear(z, fc3->weight, fc3->bias));  // (B, hidden)
  auto out = torch::linear(h, fc4->weight, fc4->bias);
  if (deconv1) {
    const int64_t b = z.size(0);
    out = deconv2(torch::relu(deconv1(torch::relu(out).reshape({b, k_conv_maps, height / 4, width / 4}))));
    out = out.reshape({b, -1});
  }
  return torch::sigmoid(out);  // (B, C*H*W)
}

Vae::Vae(const VaeConfig& c) : config(c) { net = VaeNet(config); }

std::string Vae::config_toml() { return core::to_toml("model", config); }

std::vector<std::pair<std::string, torch::nn::Module*>> Vae::modules() { return {{"vae", net.ptr().get()}}; }

std::vector<OptimizerSpec> Vae::optimizers() { return {{"main", {{net->parameters(), true}}}}; }

std::pair<torch::Tensor, torch::Tensor> Vae::loss_terms(const torch::Tensor& images01, const torch::Tensor& eps,
                                                      const torch::Tensor& labels) {
  const int64_t b = images01.size(0);
  auto x = images01.reshape({b, -1});
  if (config.conditional && !labels.defined()) fail("vae: a conditional model needs labelled batches");
  auto cond = [&](const torch::Tensor& v) { return config.conditional ? with_one_hot(v, labels, config.classes) : v; };
  auto [mu, logvar] = net->encode(cond(x));
  auto z = mu + eps * torch::exp(0.5 * logvar);  // reparameterisation
  auto recon = net->decode(cond(z));
  auto bce = torch::binary_cross_entropy(recon, x, /*weight=*/{}, at::Reduction::Sum) / b;
  if (config.class_prior()) {
    // KL(N(mu, sigma^2) || N(m, s^2)) = 0.5 * sum(log s^2 - log sigma^2 + (sigma^2 + (mu - m)^2) / s^2 - 1)
    const auto y = labels.to(mu.device());
    auto m = net->prior_mu.index_select(0, y), log_s2 = net->prior_logvar.index_select(0, y);
    auto kld = 0.5 * torch::sum(log_s2 - logvar + (logvar.exp() + (mu - m).pow(2)) * torch::exp(-log_s2) - 1) / b;
    return {bce, kld};
  }
  // KL(N(mu, sigma^2) || N(0, I)) = -0.5 * sum(1 + logvar - mu^2 - exp(logvar))
  auto kld = -0.5 * torch::sum(1 + logvar - mu.pow(2) - logvar.exp()) / b;
  return {bce, kld};
}

Figures Vae::training_step(const data::Batch& batch, StepContext& ctx) {
  auto eps = torch::randn({batch.x.size(0), config.latent}, ctx.rng()).to(ctx.device());
  const auto x = config.binarize ? binarized(batch.x, ctx.rng()) : batch.x;
  auto [bce, kld] = loss_terms(x, eps, batch.y);
  auto loss = bce + kld;  // -ELBO per image, nats
  ctx.update("main", loss);
  return {{"loss", loss.item<double>()}, {"bce", bce.item<double>()}, {"kld", kld.item<double>()}};
}

Figures Vae::eval_step(const data::Batch& batch, torch::Generator& rng) {
  torch::NoGradGuard no_grad;
  auto eps = torch::randn({batch.x.size(0), config.latent}, rng).to(batch.x.device());
  const auto x = config.binarize ? binarized(batch.x, rng) : batch.x;
  auto [bce, kld] = loss_terms(x, eps, batch.y);
  const double neg_elbo = (bce + kld).item<double>();
  Figures figures = {{"val_neg_elbo", neg_elbo}, {"val_bce", bce.item<double>()}, {"val_kld", kld.item<double>()}};
  const double dims = static_cast<double>(config.channels * config.height * config.width);
  if (config.binarize) figures.push_back({"val_bits_per_dim", neg_elbo / (dims * std::log(2.0))});
  return figures;
}

Samples Vae::sample(const SampleRequest& request) {
  auto gen = backend::make_cpu_generator(request.seed);
  return decode(torch::randn({request.n, config.latent}, gen), request.class_index);  // from the prior
}

int64_t Vae::latent_dim() const { return config.latent; }

Samples Vae::decode(const torch::Tensor& z, int64_t class_index) {
  torch::NoGradGuard no_grad;
  auto input = z.to(net->fc1->weight.device());
  if (config.conditional) {
    const auto labels = request_labels(z.size(0), class_index, config.classes).to(input.device());
    if (config.class_prior())  // z is standard normal: move it into the class's prior
      input = net->prior_mu.index_select(0, labels) + input * torch::exp(0.5 * net->prior_logvar.index_select(0, labels));
    input = with_one_hot(input, labels, config.classes);
  }
  const auto x = net->decode(input);
  return {x.reshape({z.size(0), config.channels, config.height, config.width}).to(torch::kCPU)};
}

torch::Tensor Vae::reconstruct(const torch::Tensor& images01, const torch::Tensor& labels) {
  torch::NoGradGuard no_grad;
  const int64_t b = images01.size(0);
  if (config.conditional && !labels.defined()) fail("vae: a conditional model needs labels to reconstruct");
  auto cond = [&](const torch::Tensor& v) { return config.conditional ? with_one_hot(v, labels, config.classes) : v; };
  auto mu = net->encode(cond(images01.reshape({b, -1}))).first;
  return net->decode(cond(mu)).reshape({b, config.channels, config.height, config.width}).to(torch::kCPU);
}

std::unique_ptr<Model> create_vae(core::Settings& settings, const data::DataInfo& data) {
  VaeConfig c;
  settings.bind("model", c);
  fill_image_shape(data, c.channels, c.height, c.width);
  if (c.channels <= 0 || c.height <= 0 || c.width <= 0) fail("vae: image shape unknown; train it on image data");
  if (c.hidden <= 0 || c.latent <= 0) fail("vae: model.hidden and model.latent must be positive");
  if (c.arch != "mlp" && c.arch != "conv") fail("vae: model.arch = \"{}\" is unknown; valid: mlp, conv", c.arch);
  if (c.arch == "conv" && (c.height % 4 != 0 || c.width % 4 != 0))
    fail("vae: model.arch = \"conv\" needs image sides divisible by 4, not {}x{}", c.height, c.width);
  if (c.prior != "standard" && c.prior != "class")
    fail("vae: model.prior = \"{}\" is unknown; valid: standard, class", c.prior);
  if (c.conditional) fill_classes(data, c.classes, "vae");
  return std::make_unique<Vae>(c);
}

}  // namespace genlab::models
