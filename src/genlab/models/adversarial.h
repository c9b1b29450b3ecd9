// What every GAN family shares: one discriminator update and one generator update on a generated
// batch (the fake is computed once: detached for D, attached for G, as pytorch/examples' DCGAN
// does), and the held-out figures. Families differ only in their networks and data mapping.
#pragma once

#include <functional>

#include "genlab/models/model.h"

namespace genlab::models {

// The two networks as the Model contract names them, and their optimizers ("discriminator" first:
// it steps first in adversarial_update).
std::vector<std::pair<std::string, torch::nn::Module*>> gan_modules(torch::nn::Module& generator,
                                                                    torch::nn::Module& discriminator);
std::vector<OptimizerSpec> gan_optimizers(torch::nn::Module& generator, torch::nn::Module& discriminator);

using Discriminate = std::function<torch::Tensor(const torch::Tensor&)>;  // images -> (B, 1) logits

// D: real -> 1, fake -> 0 (BCE with logits), stepping optimizer "discriminator"; then G with the
// non-saturating loss against the updated D, stepping "generator" (D's parameters frozen meanwhile).
// Returns {d_loss, g_loss}.
Figures adversarial_update(torch::nn::Module& discriminator, const Discriminate& d, const torch::Tensor& real,
                           const torch::Tensor& fake, StepContext& ctx);

// Held-out figures from D's logits on real and generated images and from the images in [0, 1]:
// val_d_loss, val_g_loss, val_d_acc (0.5 = chance), val_mean_gap, val_std_gap and
// val_moment_gap (their sum; the selection figure: lower is better).
Figures adversarial_figures(const torch::Tensor& d_real, const torch::Tensor& d_fake, const torch::Tensor& real01,
                            const torch::Tensor& fake01);

}  // namespace genlab::models
