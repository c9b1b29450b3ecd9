// gan-mlp (see mlp_gan.h). One noise draw per step: the generated batch feeds the discriminator
// step (detached) and then the generator step, as pytorch/examples' DCGAN does.
#include "genlab/models/mlp_gan.h"

#include "genlab/core/check.h"
#include "genlab/nn/freeze.h"

namespace genlab::models {
namespace F = torch::nn::functional;

MlpGeneratorImpl::MlpGeneratorImpl(const MlpGanConfig& c) {
  // One statement per layer: creation order decides which random numbers each init draws.
  fc1 = register_module("fc1", torch::nn::Linear(c.z_dim, c.hidden));
  fc2 = register_module("fc2", torch::nn::Linear(c.hidden, c.hidden));
  fc3 = register_module("fc3", torch::nn::Linear(c.hidden, c.channels * c.height * c.width));
}

torch::Tensor MlpGeneratorImpl::forward(const torch::Tensor& z) {
  auto h = torch::relu(torch::linear(z, fc1->weight, fc1->bias));  // (B, hidden)
  h = torch::relu(torch::linear(h, fc2->weight, fc2->bias));       // (B, hidden)
  return torch::sigmoid(torch::linear(h, fc3->weight, fc3->bias)); // (B, C*H*W)
}

MlpDiscriminatorImpl::MlpDiscriminatorImpl(const MlpGanConfig& c) : slope(c.leaky_slope) {
  fc1 = register_module("fc1", torch::nn::Linear(c.channels * c.height * c.width, c.hidden));
  fc2 = register_module("fc2", torch::nn::Linear(c.hidden, c.hidden));
  fc3 = register_module("fc3", torch::nn::Linear(c.hidden, 1));
}

torch::Tensor MlpDiscriminatorImpl::forward(const torch::Tensor& x) {
  auto h = torch::leaky_relu(torch::linear(x, fc1->weight, fc1->bias), slope);  // (B, hidden)
  h = torch::leaky_relu(torch::linear(h, fc2->weight, fc2->bias), slope);       // (B, hidden)
  return torch::linear(h, fc3->weight, fc3->bias);                              // (B, 1)
}

MlpGan::MlpGan(const MlpGanConfig& c) : config(c) {
  generator = MlpGenerator(config);
  discriminator = MlpDiscriminator(config);
}

std::string MlpGan::config_toml() { return core::to_toml("model", config); }

std::vector<std::pair<std::string, torch::nn::Module*>> MlpGan::modules() {
  return {{"generator", generator.ptr().get()}, {"discriminator", discriminator.ptr().get()}};
}

std::vector<OptimizerSpec> MlpGan::optimizers() {
  return {{"discriminator", {{discriminator->parameters(), true}}},
          {"generator", {{generator->parameters(), true}}}};
}

Figures MlpGan::step_with_noise(const torch::Tensor& real_images, const torch::Tensor& z, StepContext& ctx) {
  const int64_t b = real_images.size(0);
  auto real = real_images.reshape({b, -1});  // (B, C*H*W)
  auto ones = torch::ones({b, 1}, real.options());
  auto zeros = torch::zeros({b, 1}, real.options());
  auto fake = generator->forward(z);  // (B, C*H*W)

  // Discriminator: real -> 1, fake -> 0.
  auto d_real = discriminator->forward(real);
  auto d_fake = discriminator->forward(fake.detach());
  auto d_loss = F::binary_cross_entropy_with_logits(d_real, ones) +
                F::binary_cross_entropy_with_logits(d_fake, zeros);
  ctx.update("discriminator", d_loss);

  // Generator: make the updated discriminator call fakes real (non-saturating loss).
  torch::Tensor g_loss;
  {
    nn::FreezeGuard freeze(*discriminator);
    g_loss = F::binary_cross_entropy_with_logits(discriminator->forward(fake), ones);
    ctx.update("generator", g_loss);
  }
  return {{"d_loss", d_loss.item<double>()}, {"g_loss", g_loss.item<double>()}};
}

Figures MlpGan::training_step(const data::Batch& batch, StepContext& ctx) {
  auto z = torch::randn({batch.x.size(0), config.z_dim}, ctx.rng()).to(ctx.device());
  return step_with_noise(batch.x, z, ctx);
}

Figures MlpGan::eval_step(const data::Batch& batch, torch::Generator& rng) {
  torch::NoGradGuard no_grad;
  const int64_t b = batch.x.size(0);
  auto real = batch.x.reshape({b, -1});
  auto z = torch::randn({b, config.z_dim}, rng).to(real.device());
  auto fake = generator->forward(z);
  auto d_real = discriminator->forward(real);
  auto d_fake = discriminator->forward(fake);
  auto ones = torch::ones_like(d_real), zeros = torch::zeros_like(d_real);
  const double d_loss = (F::binary_cross_entropy_with_logits(d_real, ones) +
                         F::binary_cross_entropy_with_logits(d_fake, zeros)).item<double>();
  const double g_loss = F::binary_cross_entropy_with_logits(d_fake, ones).item<double>();
  // D's accuracy on real vs generated: 0.5 is chance (D cannot tell, or has not learned yet).
  const double d_acc = 0.5 * ((d_real > 0).to(torch::kFloat).mean() + (d_fake < 0).to(torch::kFloat).mean()).item<double>();
  // Gap between the pixel statistics of samples and held-out data: a cheap sample-quality figure.
  const double mean_gap = std::abs((fake.mean() - real.mean()).item<double>());
  const double std_gap = std::abs((fake.std() - real.std()).item<double>());
  return {{"val_d_loss", d_loss},     {"val_g_loss", g_loss},   {"val_d_acc", d_acc},
          {"val_mean_gap", mean_gap}, {"val_std_gap", std_gap}, {"val_moment_gap", mean_gap + std_gap}};
}

Samples MlpGan::sample(const SampleRequest& request) {
  torch::NoGradGuard no_grad;
  auto gen = backend::make_cpu_generator(request.seed);
  const auto device = generator->fc1->weight.device();
  auto z = torch::randn({request.n, config.z_dim}, gen).to(device);
  auto x = generator->forward(z);  // (N, C*H*W)
  return {x.reshape({request.n, config.channels, config.height, config.width}).to(torch::kCPU)};
}

std::unique_ptr<Model> create_mlp_gan(core::Settings& settings, const data::DataInfo& data) {
  MlpGanConfig c;
  settings.bind("model", c);
  if (data.example_shape.size() == 3) {
    const int64_t dc = data.example_shape[0], dh = data.example_shape[1], dw = data.example_shape[2];
    for (auto [field, value, name] : {std::tuple{&c.channels, dc, "channels"}, std::tuple{&c.height, dh, "height"},
                                      std::tuple{&c.width, dw, "width"}}) {
      if (*field == 0) *field = value;
      else if (*field != value)
        fail("model.{} = {} does not match the data ({} has {} {}); remove the setting or use matching data",
             name, *field, data.source, value, name);
    }
  }
  if (c.channels <= 0 || c.height <= 0 || c.width <= 0)
    fail("gan-mlp: image shape unknown (channels/height/width); train it on image data");
  if (c.z_dim <= 0 || c.hidden <= 0) fail("gan-mlp: model.z_dim and model.hidden must be positive");
  return std::make_unique<MlpGan>(c);
}

}  // namespace genlab::models
