// vae (see vae.h); layer names follow pytorch/examples/vae/main.py.
#include "genlab/models/vae.h"

#include "genlab/core/check.h"

namespace genlab::models {

VaeNetImpl::VaeNetImpl(const VaeConfig& c) {
  const int64_t d = c.channels * c.height * c.width;
  fc1 = register_module("fc1", torch::nn::Linear(d + c.label_width(), c.hidden));
  fc21 = register_module("fc21", torch::nn::Linear(c.hidden, c.latent));
  fc22 = register_module("fc22", torch::nn::Linear(c.hidden, c.latent));
  fc3 = register_module("fc3", torch::nn::Linear(c.latent + c.label_width(), c.hidden));
  fc4 = register_module("fc4", torch::nn::Linear(c.hidden, d));
}

std::pair<torch::Tensor, torch::Tensor> VaeNetImpl::encode(const torch::Tensor& x) {
  auto h = torch::relu(torch::linear(x, fc1->weight, fc1->bias));  // (B, hidden)
  return {torch::linear(h, fc21->weight, fc21->bias), torch::linear(h, fc22->weight, fc22->bias)};
}

torch::Tensor VaeNetImpl::decode(const torch::Tensor& z) {
  auto h = torch::relu(torch::linear(z, fc3->weight, fc3->bias));    // (B, hidden)
  return torch::sigmoid(torch::linear(h, fc4->weight, fc4->bias));  // (B, C*H*W)
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
  // KL(N(mu, sigma^2) || N(0, I)) = -0.5 * sum(1 + logvar - mu^2 - exp(logvar))
  auto kld = -0.5 * torch::sum(1 + logvar - mu.pow(2) - logvar.exp()) / b;
  return {bce, kld};
}

Figures Vae::training_step(const data::Batch& batch, StepContext& ctx) {
  auto eps = torch::randn({batch.x.size(0), config.latent}, ctx.rng()).to(ctx.device());
  auto [bce, kld] = loss_terms(batch.x, eps, batch.y);
  auto loss = bce + kld;  // -ELBO per image, nats
  ctx.update("main", loss);
  return {{"loss", loss.item<double>()}, {"bce", bce.item<double>()}, {"kld", kld.item<double>()}};
}

Figures Vae::eval_step(const data::Batch& batch, torch::Generator& rng) {
  torch::NoGradGuard no_grad;
  auto eps = torch::randn({batch.x.size(0), config.latent}, rng).to(batch.x.device());
  auto [bce, kld] = loss_terms(batch.x, eps, batch.y);
  return {{"val_neg_elbo", (bce + kld).item<double>()}, {"val_bce", bce.item<double>()}, {"val_kld", kld.item<double>()}};
}

Samples Vae::sample(const SampleRequest& request) {
  auto gen = backend::make_cpu_generator(request.seed);
  return decode(torch::randn({request.n, config.latent}, gen), request.class_index);  // from the prior N(0, I)
}

int64_t Vae::latent_dim() const { return config.latent; }

Samples Vae::decode(const torch::Tensor& z, int64_t class_index) {
  torch::NoGradGuard no_grad;
  auto input = z.to(net->fc1->weight.device());
  if (config.conditional) input = with_one_hot(input, request_labels(z.size(0), class_index, config.classes), config.classes);
  const auto x = net->decode(input);
  return {x.reshape({z.size(0), config.channels, config.height, config.width}).to(torch::kCPU)};
}

std::unique_ptr<Model> create_vae(core::Settings& settings, const data::DataInfo& data) {
  VaeConfig c;
  settings.bind("model", c);
  fill_image_shape(data, c.channels, c.height, c.width);
  if (c.channels <= 0 || c.height <= 0 || c.width <= 0) fail("vae: image shape unknown; train it on image data");
  if (c.hidden <= 0 || c.latent <= 0) fail("vae: model.hidden and model.latent must be positive");
  if (c.conditional) fill_classes(data, c.classes, "vae");
  return std::make_unique<Vae>(c);
}

}  // namespace genlab::models
