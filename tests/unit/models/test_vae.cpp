// Tests for models/vae: shapes, the KL term against its closed form, seeded sampling, that
// training lowers the held-out -ELBO, and that the conditional VAE draws the class it is asked for.
#include <gtest/gtest.h>

#include "genlab/backend/compat.h"
#include "genlab/core/error.h"
#include "genlab/models/registry.h"
#include "genlab/models/vae.h"
#include "genlab/train/step_context.h"

namespace genlab::models {
namespace {

VaeConfig small_config() {
  VaeConfig c;
  c.channels = 1;
  c.height = 8;
  c.width = 8;
  c.hidden = 32;
  c.latent = 4;
  return c;
}

TEST(Vae, ShapesAndClassicParameterCount) {
  Vae vae(small_config());
  auto [mu, logvar] = vae.net->encode(torch::rand({3, 64}));
  EXPECT_EQ(mu.sizes(), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(logvar.sizes(), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(vae.sample({5, 1, -1}).images.sizes(), (std::vector<int64_t>{5, 1, 8, 8}));
  VaeConfig classic;
  classic.channels = 1;
  classic.height = classic.width = 28;
  // 784*400+400 + 2*(400*20+20) + 20*400+400 + 400*784+784
  EXPECT_EQ(Vae(classic).parameter_count(), 314000 + 16040 + 8400 + 314384);
}

TEST(Vae, KlTermMatchesClosedForm) {
  torch::manual_seed(0);
  Vae vae(small_config());
  auto x = torch::rand({6, 1, 8, 8});
  auto [bce, kld] = vae.loss_terms(x, torch::zeros({6, 4}));
  auto [mu, logvar] = vae.net->encode(x.reshape({6, -1}));
  // Per image: 0.5 * sum(sigma^2 + mu^2 - 1 - log sigma^2).
  const double want = (0.5 * (logvar.exp() + mu.pow(2) - 1 - logvar).sum() / 6).item<double>();
  EXPECT_NEAR(kld.item<double>(), want, 1e-5);
  EXPECT_GT(bce.item<double>(), 0.0);
}

TEST(Vae, SameSeedSameSamples) {
  Vae vae(small_config());
  EXPECT_TRUE(torch::equal(vae.sample({4, 3, -1}).images, vae.sample({4, 3, -1}).images));
  EXPECT_FALSE(torch::equal(vae.sample({4, 3, -1}).images, vae.sample({4, 4, -1}).images));
}

TEST(Vae, LearnsAtAll) {
  torch::manual_seed(0);
  Vae vae(small_config());
  train::TrainConfig c;
  c.lr = 3e-3;
  train::OptimizerSteps steps(vae, c, torch::kCPU);
  auto gen = backend::make_cpu_generator(2);
  // Data: one of four fixed patterns per image.
  auto patterns = torch::rand({4, 1, 8, 8}, gen).gt(0.5).to(torch::kFloat);
  auto draw = [&](int64_t n) { return patterns.index_select(0, torch::randint(0, 4, {n}, gen)); };
  const auto held_out = draw(64);
  auto neg_elbo = [&] {
    auto g = backend::make_cpu_generator(9);
    return vae.eval_step({held_out, {}}, g).front().second;
  };
  const double before = neg_elbo();
  for (int i = 0; i < 150; ++i) vae.training_step({draw(32), {}}, steps);
  const double after = neg_elbo();
  // 64 binary pixels start near 64*ln2 = 44 nats; four patterns need far less.
  EXPECT_LT(after, 0.5 * before) << "before " << before << " after " << after;
  EXPECT_EQ(find_family("vae").name, "vae");
}

TEST(Vae, ConditionalDrawsTheRequestedClass) {
  torch::manual_seed(0);
  VaeConfig cc = small_config();
  cc.conditional = true;
  cc.classes = 4;
  Vae vae(cc);
  EXPECT_EQ(vae.classes(), 4);
  train::TrainConfig c;
  c.lr = 3e-3;
  train::OptimizerSteps steps(vae, c, torch::kCPU);
  auto gen = backend::make_cpu_generator(2);
  // Class k is the k-th of four fixed binary patterns; the label alone says which.
  auto patterns = torch::rand({4, 1, 8, 8}, gen).gt(0.5).to(torch::kFloat);
  auto batch = [&](int64_t n) {
    auto y = torch::randint(0, 4, {n}, gen);
    return data::Batch{patterns.index_select(0, y), y};
  };
  for (int i = 0; i < 600; ++i) vae.training_step(batch(32), steps);
  for (int64_t k = 0; k < 4; ++k) {
    const auto drawn = vae.sample({16, 5, k}).images;
    // Samples from the prior, given the label, are nearer the requested pattern than any other one.
    const double own = (drawn - patterns[k]).abs().mean().item<double>();
    double other = 1;
    for (int64_t j = 0; j < 4; ++j)
      if (j != k) other = std::min(other, (drawn - patterns[j]).abs().mean().item<double>());
    EXPECT_LT(own, other) << "class " << k << ": error " << own << " vs another pattern's " << other;
  }
  EXPECT_THROW(vae.training_step({patterns, {}}, steps), Error);  // unlabelled batch
}

}  // namespace
}  // namespace genlab::models
