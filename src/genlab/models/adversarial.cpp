// Shared GAN update and figures (see adversarial.h).
#include "genlab/models/adversarial.h"

#include "genlab/nn/freeze.h"

namespace genlab::models {
namespace F = torch::nn::functional;

std::vector<std::pair<std::string, torch::nn::Module*>> gan_modules(torch::nn::Module& generator,
                                                                    torch::nn::Module& discriminator) {
  return {{"generator", &generator}, {"discriminator", &discriminator}};
}

std::vector<OptimizerSpec> gan_optimizers(torch::nn::Module& generator, torch::nn::Module& discriminator) {
  return {{"discriminator", {{discriminator.parameters(), true}}}, {"generator", {{generator.parameters(), true}}}};
}

Figures adversarial_update(torch::nn::Module& discriminator, const Discriminate& d, const torch::Tensor& real,
                           const torch::Tensor& fake, StepContext& ctx) {
  const int64_t b = real.size(0);
  auto ones = torch::ones({b, 1}, real.options());
  auto zeros = torch::zeros({b, 1}, real.options());

  auto d_loss = F::binary_cross_entropy_with_logits(d(real), ones) +
                F::binary_cross_entropy_with_logits(d(fake.detach()), zeros);
  ctx.update("discriminator", d_loss);

  torch::Tensor g_loss;
  {
    nn::FreezeGuard freeze(discriminator);  // no wasted gradients for D's parameters
    g_loss = F::binary_cross_entropy_with_logits(d(fake), ones);
    ctx.update("generator", g_loss);
  }
  return {{"d_loss", d_loss.item<double>()}, {"g_loss", g_loss.item<double>()}};
}

Figures adversarial_figures(const torch::Tensor& d_real, const torch::Tensor& d_fake, const torch::Tensor& real01,
                            const torch::Tensor& fake01) {
  auto ones = torch::ones_like(d_real), zeros = torch::zeros_like(d_real);
  const double d_loss = (F::binary_cross_entropy_with_logits(d_real, ones) +
                         F::binary_cross_entropy_with_logits(d_fake, zeros)).item<double>();
  const double g_loss = F::binary_cross_entropy_with_logits(d_fake, ones).item<double>();
  const double d_acc =
      0.5 * ((d_real > 0).to(torch::kFloat).mean() + (d_fake < 0).to(torch::kFloat).mean()).item<double>();
  // Gap between the pixel statistics of samples and held-out data: a cheap sample-quality figure.
  const double mean_gap = std::abs((fake01.mean() - real01.mean()).item<double>());
  const double std_gap = std::abs((fake01.std() - real01.std()).item<double>());
  return {{"val_d_loss", d_loss},     {"val_g_loss", g_loss},   {"val_d_acc", d_acc},
          {"val_mean_gap", mean_gap}, {"val_std_gap", std_gap}, {"val_moment_gap", mean_gap + std_gap}};
}

}  // namespace genlab::models
