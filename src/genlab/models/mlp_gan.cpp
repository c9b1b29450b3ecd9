// gan-mlp (see mlp_gan.h). One noise draw per step: the generated batch feeds the discriminator
// step (detached) and then the generator step, as pytorch/examples' DCGAN does.
#include "genlab/models/mlp_gan.h"

#include "genlab/core/check.h"
#include "genlab/models/adversarial.h"

namespace genlab::models {

MlpGeneratorImpl::MlpGeneratorImpl(const MlpGanConfig& c) {
  // One statement per layer: creation order decides which random numbers each init draws.
  fc1 = register_module("fc1", torch::nn::Linear(c.z_dim + c.label_width(), c.hidden));
  fc2 = register_module("fc2", torch::nn::Linear(c.hidden, c.hidden));
  fc3 = register_module("fc3", torch::nn::Linear(c.hidden, c.channels * c.height * c.width));
}

torch::Tensor MlpGeneratorImpl::forward(const torch::Tensor& z) {
  auto h = torch::relu(torch::linear(z, fc1->weight, fc1->bias));  // (B, hidden)
  h = torch::relu(torch::linear(h, fc2->weight, fc2->bias));       // (B, hidden)
  return torch::sigmoid(torch::linear(h, fc3->weight, fc3->bias)); // (B, C*H*W)
}

MlpDiscriminatorImpl::MlpDiscriminatorImpl(const MlpGanConfig& c) : slope(c.leaky_slope) {
  fc1 = register_module("fc1", torch::nn::Linear(c.channels * c.height * c.width + c.label_width(), c.hidden));
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
  return gan_modules(*generator, *discriminator);
}

std::vector<OptimizerSpec> MlpGan::optimizers() { return gan_optimizers(*generator, *discriminator); }

// A conditional model sees the label beside its input; an unconditional one the input alone.
torch::Tensor MlpGan::conditioned(const torch::Tensor& v, const torch::Tensor& labels) const {
  if (!config.conditional) return v;
  if (!labels.defined()) fail("gan-mlp: a conditional model needs labelled batches");
  return with_one_hot(v, labels, config.classes);
}

Figures MlpGan::step_with_noise(const torch::Tensor& real_images, const torch::Tensor& z, StepContext& ctx,
                                const torch::Tensor& labels) {
  auto real = real_images.reshape({real_images.size(0), -1});  // (B, C*H*W)
  auto fake = generator->forward(conditioned(z, labels));       // (B, C*H*W)
  return adversarial_update(
      *discriminator, [&](const torch::Tensor& x) { return discriminator->forward(conditioned(x, labels)); }, real,
      fake, ctx);
}

Figures MlpGan::training_step(const data::Batch& batch, StepContext& ctx) {
  auto z = torch::randn({batch.x.size(0), config.z_dim}, ctx.rng()).to(ctx.device());
  return step_with_noise(batch.x, z, ctx, batch.y);
}

Figures MlpGan::eval_step(const data::Batch& batch, torch::Generator& rng) {
  torch::NoGradGuard no_grad;
  auto real = batch.x.reshape({batch.x.size(0), -1});
  auto z = torch::randn({real.size(0), config.z_dim}, rng).to(real.device());
  auto fake = generator->forward(conditioned(z, batch.y));
  return adversarial_figures(discriminator->forward(conditioned(real, batch.y)),
                             discriminator->forward(conditioned(fake, batch.y)), real, fake);
}

Samples MlpGan::sample(const SampleRequest& request) {
  auto gen = backend::make_cpu_generator(request.seed);
  return decode(torch::randn({request.n, config.z_dim}, gen), request.class_index);
}

int64_t MlpGan::latent_dim() const { return config.z_dim; }

Samples MlpGan::decode(const torch::Tensor& z, int64_t class_index) {
  torch::NoGradGuard no_grad;
  auto input = z.to(generator->fc1->weight.device());
  if (config.conditional) input = with_one_hot(input, request_labels(z.size(0), class_index, config.classes), config.classes);
  auto x = generator->forward(input);  // (N, C*H*W)
  return {x.reshape({z.size(0), config.channels, config.height, config.width}).to(torch::kCPU)};
}

std::unique_ptr<Model> create_mlp_gan(core::Settings& settings, const data::DataInfo& data) {
  MlpGanConfig c;
  settings.bind("model", c);
  fill_image_shape(data, c.channels, c.height, c.width);
  if (c.channels <= 0 || c.height <= 0 || c.width <= 0)
    fail("gan-mlp: image shape unknown (channels/height/width); train it on image data");
  if (c.z_dim <= 0 || c.hidden <= 0) fail("gan-mlp: model.z_dim and model.hidden must be positive");
  if (c.conditional) fill_classes(data, c.classes, "gan-mlp");
  return std::make_unique<MlpGan>(c);
}

}  // namespace genlab::models
