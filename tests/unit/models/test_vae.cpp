// Tests for models/vae: shapes, the KL term against its closed form, seeded sampling, that
// training lowers the held-out -ELBO, and that the conditional VAE draws the class it is asked for.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>

#include "genlab/backend/compat.h"
#include "genlab/core/error.h"
#include "genlab/models/registry.h"
#include "genlab/models/vae.h"
#include "genlab/train/step_context.h"
#include "support/error_of.h"

namespace genlab::models {
namespace {

using genlab::testing::error_of;

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

TEST(Vae, ClassPriorKlTermMatchesClosedForm) {
  torch::manual_seed(0);
  VaeConfig cc = small_config();
  cc.conditional = true;
  cc.classes = 3;
  cc.prior = "class";
  Vae vae(cc);
  auto x = torch::rand({6, 1, 8, 8});
  auto y = torch::tensor({0, 1, 2, 2, 1, 0}, torch::kInt64);
  {
    torch::NoGradGuard no_grad;
    vae.net->prior_mu.copy_(torch::randn({3, 4}));
    vae.net->prior_logvar.copy_(torch::randn({3, 4}));
  }
  auto [bce, kld] = vae.loss_terms(x, torch::zeros({6, 4}), y);
  auto [mu, logvar] = vae.net->encode(with_one_hot(x.reshape({6, -1}), y, 3));
  // Per dimension: log(s / sigma) + (sigma^2 + (mu - m)^2) / (2 s^2) - 1/2.
  auto s = torch::exp(0.5 * vae.net->prior_logvar.index_select(0, y)), sigma = torch::exp(0.5 * logvar);
  auto m = vae.net->prior_mu.index_select(0, y);
  const double want = ((torch::log(s / sigma) + (sigma.pow(2) + (mu - m).pow(2)) / (2 * s.pow(2)) - 0.5).sum() / 6).item<double>();
  EXPECT_NEAR(kld.item<double>(), want, 1e-4);
  EXPECT_GT(std::abs(want), 0.1);
}

TEST(Vae, SameSeedSameSamples) {
  Vae vae(small_config());
  EXPECT_TRUE(torch::equal(vae.sample({4, 3, -1}).images, vae.sample({4, 3, -1}).images));
  EXPECT_FALSE(torch::equal(vae.sample({4, 3, -1}).images, vae.sample({4, 4, -1}).images));
}

// Data: one of four fixed 8x8 binary patterns per image.
struct Patterns {
  torch::Generator gen = backend::make_cpu_generator(2);
  torch::Tensor patterns = torch::rand({4, 1, 8, 8}, gen).gt(0.5).to(torch::kFloat);
  torch::Tensor draw(int64_t n) { return patterns.index_select(0, torch::randint(0, 4, {n}, gen)); }
};

// Held-out -ELBO before and after 150 Adam steps (lr 3e-3) on the patterns.
std::pair<double, double> train_on_patterns(Vae& vae, Patterns& data) {
  train::TrainConfig c;
  c.lr = 3e-3;
  train::OptimizerSteps steps(vae, c, torch::kCPU);
  const auto held_out = data.draw(64);
  auto neg_elbo = [&] {
    auto g = backend::make_cpu_generator(9);
    return vae.eval_step({held_out, {}}, g).front().second;
  };
  const double before = neg_elbo();
  for (int i = 0; i < 150; ++i) vae.training_step({data.draw(32), {}}, steps);
  return {before, neg_elbo()};
}

TEST(Vae, LearnsAtAll) {
  torch::manual_seed(0);
  Vae vae(small_config());
  Patterns data;
  const auto& patterns = data.patterns;
  const auto [before, after] = train_on_patterns(vae, data);
  // 64 binary pixels start near 64*ln2 = 44 nats; four patterns need far less.
  EXPECT_LT(after, 0.5 * before) << "before " << before << " after " << after;
  EXPECT_EQ(find_family("vae").name, "vae");
  // Reconstructions of the four patterns come back close to them (a fresh model gives ~0.25 per
  // pixel: grey 0.5 against 0/1).
  const auto recon = vae.reconstruct(patterns, {});
  ASSERT_EQ(recon.sizes(), patterns.sizes());
  EXPECT_LT((recon - patterns).pow(2).mean().item<double>(), 0.05);
  EXPECT_FALSE(Vae(small_config()).reconstruct(patterns, {}).sub(patterns).pow(2).mean().item<double>() < 0.05);
}

TEST(Vae, ConvArchShapesLearnsAndRegistryChecks) {
  VaeConfig c = small_config();
  c.arch = "conv";
  torch::manual_seed(0);
  Vae vae(c);
  auto [mu, logvar] = vae.net->encode(torch::rand({3, 64}));
  EXPECT_EQ(mu.sizes(), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(vae.sample({5, 1, -1}).images.sizes(), (std::vector<int64_t>{5, 1, 8, 8}));
  // conv 1->32 (4x4) + 32->64 (4x4), fc1 64*2*2->32, fc21/fc22 32->4, fc3 4->32, fc4 32->256,
  // deconv 64->32 (4x4) + 32->1 (4x4), each with biases.
  EXPECT_EQ(vae.parameter_count(), (16 * 32 + 32) + (32 * 16 * 64 + 64) + (256 * 32 + 32) + 2 * (32 * 4 + 4) +
                                       (4 * 32 + 32) + (32 * 256 + 256) + (64 * 16 * 32 + 32) + (32 * 16 + 1));

  Patterns patterns;
  const auto [before, after] = train_on_patterns(vae, patterns);
  EXPECT_LT(after, 0.5 * before) << "before " << before << " after " << after;

  data::DataInfo info;
  info.example_shape = {1, 30, 30};
  core::Settings conv30;
  conv30.set("model.arch", std::string("conv"), "test");
  EXPECT_THROW(find_family("vae").create(conv30, info), Error);  // 30 is not divisible by 4
  core::Settings unknown;
  unknown.set("model.arch", std::string("resnet"), "test");
  EXPECT_THROW(find_family("vae").create(unknown, info), Error);
}

TEST(Vae, BinarizedReportsBitsPerDimension) {
  VaeConfig grey_config = small_config(), binary_config = small_config();
  binary_config.binarize = true;
  torch::manual_seed(3);
  Vae grey(grey_config);
  torch::manual_seed(3);
  Vae binary(binary_config);  // the same weights
  auto figures = [](Vae& vae, const torch::Tensor& x) {
    auto g = backend::make_cpu_generator(9);
    return vae.eval_step({x, {}}, g);
  };
  auto value = [](const Figures& f, const std::string& name) {
    for (const auto& [k, v] : f)
      if (k == name) return v;
    ADD_FAILURE() << "no figure " << name;
    return 0.0;
  };
  auto has = [](const Figures& f, const std::string& name) {
    for (const auto& [k, v] : f)
      if (k == name) return true;
    return false;
  };
  auto gen = backend::make_cpu_generator(4);
  const auto zero_one = torch::rand({16, 1, 8, 8}, gen).gt(0.5).to(torch::kFloat);
  const auto grey_half = torch::full({16, 1, 8, 8}, 0.5);
  EXPECT_FALSE(has(figures(grey, zero_one), "val_bits_per_dim"));
  // Images already 0/1 binarise to themselves: the same -ELBO as without binarising.
  const Figures b = figures(binary, zero_one);
  EXPECT_DOUBLE_EQ(value(b, "val_neg_elbo"), value(figures(grey, zero_one), "val_neg_elbo"));
  EXPECT_NEAR(value(b, "val_bits_per_dim"), value(b, "val_neg_elbo") / (64 * std::log(2.0)), 1e-12);
  // Grey pixels do not: the binarised model scores 0/1 draws of them.
  EXPECT_NE(value(figures(binary, grey_half), "val_neg_elbo"), value(figures(grey, grey_half), "val_neg_elbo"));
}

TEST(Vae, ConditionalDrawsTheRequestedClass) {
  for (const std::string prior : {"standard", "class"}) {
    torch::manual_seed(0);
    VaeConfig cc = small_config();
    cc.conditional = true;
    cc.classes = 4;
    cc.prior = prior;
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
      EXPECT_LT(own, other) << prior << " prior, class " << k << ": error " << own << " vs another pattern's " << other;
    }
    if (prior == "class") {  // the class priors moved apart from N(0, I)
      EXPECT_GT(vae.net->prior_mu.abs().max().item<double>(), 0.01);
    }
    EXPECT_THROW(vae.training_step({patterns, {}}, steps), Error);  // unlabelled batch
  }
}

TEST(Vae, PriorChoicesAreChecked) {
  data::DataInfo info;
  info.example_shape = {1, 8, 8};
  info.num_classes = 4;
  auto create = [&](const std::string& prior, bool conditional) {
    core::Settings settings;
    settings.set("model.prior", prior, "test");
    settings.set("model.conditional", conditional, "test");
    return find_family("vae").create(settings, info);
  };
  EXPECT_EQ(create("class", true)->classes(), 4);
  EXPECT_EQ(create("class", false)->classes(), 0);  // the default; unconditional models have N(0, I)
  EXPECT_EQ(error_of([&] { create("gauss", true); }), "vae: model.prior = \"gauss\" is unknown; valid: standard, class");
}

}  // namespace
}  // namespace genlab::models
