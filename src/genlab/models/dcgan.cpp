// dcgan (see dcgan.h). Layer recipe from pytorch/examples dcgan/main.py, for 32x32 outputs.
#include "genlab/models/dcgan.h"

#include "genlab/core/check.h"
#include "genlab/models/adversarial.h"

namespace genlab::models {
namespace {

constexpr int64_t k_size = 32;  // working resolution

torch::nn::ConvTranspose2dOptions up(int64_t in, int64_t out, int64_t stride, int64_t pad) {
  return torch::nn::ConvTranspose2dOptions(in, out, 4).stride(stride).padding(pad).bias(false);
}
torch::nn::Conv2dOptions down(int64_t in, int64_t out, int64_t stride, int64_t pad) {
  return torch::nn::Conv2dOptions(in, out, 4).stride(stride).padding(pad).bias(false);
}

// DCGAN's initialisation: conv weights ~ N(0, 0.02), batch-norm scale ~ N(1, 0.02), shift 0.
// The class embedding of the projection discriminator ~ N(0, 0.02) too.
void dcgan_init(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& m : module.modules(/*include_self=*/false)) {
    if (auto* e = m->as<torch::nn::Embedding>()) e->weight.normal_(0.0, 0.02);
    if (auto* c = m->as<torch::nn::Conv2d>()) c->weight.normal_(0.0, 0.02);
    if (auto* t = m->as<torch::nn::ConvTranspose2d>()) t->weight.normal_(0.0, 0.02);
    if (auto* bn = m->as<torch::nn::BatchNorm2d>()) {
      bn->weight.normal_(1.0, 0.02);
      bn->bias.zero_();
    }
  }
}

}  // namespace

DcganGeneratorImpl::DcganGeneratorImpl(const DcganConfig& c) {
  const auto relu = torch::nn::ReLUOptions().inplace(true);  // on batch norm's output, which its backward does not need
  net = register_module("net", torch::nn::Sequential(
      torch::nn::ConvTranspose2d(up(c.z_dim + c.label_width(), c.ngf * 4, 1, 0)),  // (B, z, 1, 1) -> (B, 4ngf, 4, 4)
      torch::nn::BatchNorm2d(c.ngf * 4), torch::nn::ReLU(relu),
      torch::nn::ConvTranspose2d(up(c.ngf * 4, c.ngf * 2, 2, 1)),  // -> (B, 2ngf, 8, 8)
      torch::nn::BatchNorm2d(c.ngf * 2), torch::nn::ReLU(relu),
      torch::nn::ConvTranspose2d(up(c.ngf * 2, c.ngf, 2, 1)),  // -> (B, ngf, 16, 16)
      torch::nn::BatchNorm2d(c.ngf), torch::nn::ReLU(relu),
      torch::nn::ConvTranspose2d(up(c.ngf, c.channels, 2, 1)),  // -> (B, C, 32, 32)
      torch::nn::Tanh()));
  dcgan_init(*this);
}

torch::Tensor DcganGeneratorImpl::forward(const torch::Tensor& z) {
  return net->forward(z.reshape({z.size(0), z.size(1), 1, 1}));
}

DcganDiscriminatorImpl::DcganDiscriminatorImpl(const DcganConfig& c) {
  const auto lrelu = torch::nn::LeakyReLUOptions().negative_slope(0.2).inplace(true);
  net = register_module("net", torch::nn::Sequential(
      torch::nn::Conv2d(down(c.channels, c.ndf, 2, 1)), torch::nn::LeakyReLU(lrelu),  // (B, ndf, 16, 16)
      torch::nn::Conv2d(down(c.ndf, c.ndf * 2, 2, 1)),                                   // (B, 2ndf, 8, 8)
      torch::nn::BatchNorm2d(c.ndf * 2), torch::nn::LeakyReLU(lrelu),
      torch::nn::Conv2d(down(c.ndf * 2, c.ndf * 4, 2, 1)),                               // (B, 4ndf, 4, 4)
      torch::nn::BatchNorm2d(c.ndf * 4), torch::nn::LeakyReLU(lrelu),
      torch::nn::Conv2d(down(c.ndf * 4, 1, 1, 0))));                                     // (B, 1, 1, 1)
  if (c.conditional) embed = register_module("embed", torch::nn::Embedding(c.classes, c.ndf * 4 * 4 * 4));
  dcgan_init(*this);
}

torch::Tensor DcganDiscriminatorImpl::forward(const torch::Tensor& x, const torch::Tensor& labels) {
  if (!embed) return net->forward(x).reshape({x.size(0), 1});
  if (!labels.defined()) fail("dcgan: a conditional model needs labelled batches");
  // Every layer but the last gives the features phi(x) (B, 4ndf, 4, 4); the last maps them to the
  // unconditional logit, and the projection adds <embed(y), phi(x)>.
  auto h = x;
  auto layer = net->begin();
  for (size_t i = 0; i + 1 < net->size(); ++i, ++layer) h = layer->forward(h);
  auto logit = layer->forward(h).reshape({x.size(0), 1});
  return logit + (embed(labels.to(x.device())) * h.reshape({x.size(0), -1})).sum(1, /*keepdim=*/true);
}

Dcgan::Dcgan(const DcganConfig& c) : config(c) {
  generator = DcganGenerator(config);
  discriminator = DcganDiscriminator(config);
}

std::string Dcgan::config_toml() { return core::to_toml("model", config); }

std::vector<std::pair<std::string, torch::nn::Module*>> Dcgan::modules() {
  return gan_modules(*generator, *discriminator);
}

std::vector<OptimizerSpec> Dcgan::optimizers() { return gan_optimizers(*generator, *discriminator); }

torch::Tensor Dcgan::to_model_space(const torch::Tensor& images01) const {
  const int64_t ph = k_size - images01.size(2), pw = k_size - images01.size(3);
  // Pad with 0 (the background of dark-background data sets), then [0, 1] -> [-1, 1].
  auto x = torch::constant_pad_nd(images01, {pw / 2, pw - pw / 2, ph / 2, ph - ph / 2}, 0.0);
  return x.mul(2.0).sub_(1.0);
}

// A conditional model's generator sees the label beside z; an unconditional one z alone.
torch::Tensor Dcgan::conditioned(const torch::Tensor& z, const torch::Tensor& labels) const {
  if (!config.conditional) return z;
  if (!labels.defined()) fail("dcgan: a conditional model needs labelled batches");
  return with_one_hot(z, labels, config.classes);
}

Figures Dcgan::training_step(const data::Batch& batch, StepContext& ctx) {
  auto real = to_model_space(batch.x);
  auto z = torch::randn({real.size(0), config.z_dim}, ctx.rng()).to(ctx.device());
  auto fake = generator->forward(conditioned(z, batch.y));
  const auto labels = config.conditional ? batch.y : torch::Tensor();
  return adversarial_update(
      *discriminator, [&](const torch::Tensor& x) { return discriminator->forward(x, labels); }, real, fake, ctx);
}

Figures Dcgan::eval_step(const data::Batch& batch, torch::Generator& rng) {
  torch::NoGradGuard no_grad;
  auto real = to_model_space(batch.x);
  auto z = torch::randn({real.size(0), config.z_dim}, rng).to(real.device());
  auto fake = generator->forward(conditioned(z, batch.y));
  const auto labels = config.conditional ? batch.y : torch::Tensor();
  return adversarial_figures(discriminator->forward(real, labels), discriminator->forward(fake, labels),
                             real.add(1).div(2), fake.add(1).div(2));
}

Samples Dcgan::sample(const SampleRequest& request) {
  auto gen = backend::make_cpu_generator(request.seed);
  return decode(torch::randn({request.n, config.z_dim}, gen), request.class_index);
}

int64_t Dcgan::latent_dim() const { return config.z_dim; }

Samples Dcgan::decode(const torch::Tensor& z, int64_t class_index) {
  torch::NoGradGuard no_grad;
  auto input = z.to(generator->parameters().front().device());
  if (config.conditional) input = with_one_hot(input, request_labels(z.size(0), class_index, config.classes), config.classes);
  return {generator->forward(input).add(1).div(2).clamp(0, 1).to(torch::kCPU)};  // (N, C, 32, 32) in [0, 1]
}

std::unique_ptr<Model> create_dcgan(core::Settings& settings, const data::DataInfo& data) {
  DcganConfig c;
  settings.bind("model", c);
  fill_image_shape(data, c.channels, c.height, c.width);
  if (c.channels <= 0 || c.height <= 0 || c.width <= 0) fail("dcgan: image shape unknown; train it on image data");
  if (c.height > k_size || c.width > k_size)
    fail("dcgan: images of {}x{} are larger than the model's {}x{}; resize the data set", c.height, c.width, k_size,
         k_size);
  if (c.z_dim <= 0 || c.ngf <= 0 || c.ndf <= 0) fail("dcgan: model.z_dim, ngf and ndf must be positive");
  if (c.conditional) fill_classes(data, c.classes, "dcgan");
  return std::make_unique<Dcgan>(c);
}

}  // namespace genlab::models
