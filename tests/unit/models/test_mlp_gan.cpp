// Tests for models/mlp_gan: shapes, seeded sampling, the registry entry, a "learns at all" check
// (the discriminator leaves chance and the samples' brightness approaches the data's), and the
// class-conditional variant (labels in order, the label as an input; learning a class is tested on
// the conditional VAE, whose training is deterministic enough for a unit test).
#include <gtest/gtest.h>

#include "genlab/backend/compat.h"
#include "genlab/core/error.h"
#include "genlab/models/mlp_gan.h"
#include "genlab/models/registry.h"
#include "genlab/train/step_context.h"

namespace genlab::models {
namespace {

MlpGanConfig small_config() {
  MlpGanConfig c;
  c.channels = 1;
  c.height = 8;
  c.width = 8;
  c.z_dim = 16;
  c.hidden = 64;
  return c;
}

// The trainer's own step context: one Adam(lr, 0.5, 0.999) per optimizer the model declares.
train::OptimizerSteps adam_steps(Model& model, double lr) {
  train::TrainConfig c;
  c.lr = lr;
  c.beta1 = 0.5;
  return train::OptimizerSteps(model, c, torch::kCPU);
}

// Images of a bright 4x4 square at a random place on a dark 8x8 field (mean 0.25).
torch::Tensor square_images(int64_t n, torch::Generator& gen) {
  auto x = torch::zeros({n, 1, 8, 8});
  auto pos = torch::randint(0, 5, {n, 2}, gen);
  for (int64_t i = 0; i < n; ++i) {
    const auto r = pos[i][0].item<int64_t>(), c = pos[i][1].item<int64_t>();
    x[i][0].narrow(0, r, 4).narrow(1, c, 4).fill_(1.0);
  }
  return x;
}

TEST(MlpGan, Shapes) {
  torch::manual_seed(0);
  MlpGan gan(small_config());
  EXPECT_EQ(gan.generator->forward(torch::randn({5, 16})).sizes(), (std::vector<int64_t>{5, 64}));
  EXPECT_EQ(gan.discriminator->forward(torch::rand({5, 64})).sizes(), (std::vector<int64_t>{5, 1}));
  const auto s = gan.sample({3, 11, -1}).images;
  EXPECT_EQ(s.sizes(), (std::vector<int64_t>{3, 1, 8, 8}));
  EXPECT_GE(s.min().item<float>(), 0.0f);
  EXPECT_LE(s.max().item<float>(), 1.0f);
}

TEST(MlpGan, ClassicArchitectureParameterCount) {
  MlpGanConfig c;
  c.channels = 1;
  c.height = 28;
  c.width = 28;
  MlpGan gan(c);
  // G: 100*128+128 + 128*128+128 + 128*784+784; D: 784*128+128 + 128*128+128 + 128+1.
  EXPECT_EQ(gan.parameter_count(), (12928 + 16512 + 101136) + (100480 + 16512 + 129));
}

TEST(MlpGan, SameSeedSameSamplesOtherSeedOtherSamples) {
  torch::manual_seed(0);
  MlpGan gan(small_config());
  const auto a = gan.sample({4, 7, -1}).images;
  const auto b = gan.sample({4, 7, -1}).images;
  const auto c = gan.sample({4, 8, -1}).images;
  EXPECT_TRUE(torch::equal(a, b));
  EXPECT_FALSE(torch::equal(a, c));
}

TEST(MlpGan, RegistryBuildsFromDataShapeAndRejectsMismatch) {
  const Family& f = find_family("gan-mlp");
  data::DataInfo info;
  info.example_shape = {1, 8, 8};
  core::Settings s;
  auto model = f.create(s, info);
  EXPECT_EQ(model->family(), "gan-mlp");
  core::Settings bad;
  bad.set("model.height", int64_t{9}, "test.toml");
  EXPECT_THROW(f.create(bad, info), Error);
  EXPECT_THROW(find_family("gtp"), Error);
}

TEST(MlpGan, LearnsAtAll) {
  torch::manual_seed(0);
  MlpGan gan(small_config());
  auto ctx = adam_steps(gan, 2e-3);
  auto data_gen = backend::make_cpu_generator(5);
  const auto held_out = square_images(256, data_gen);

  auto figure = [&](const char* name) {
    auto g = backend::make_cpu_generator(9);
    for (const auto& [k, v] : gan.eval_step({held_out, {}}, g))
      if (k == name) return v;
    ADD_FAILURE() << "no figure " << name;
    return 0.0;
  };
  const double gap_before = figure("val_mean_gap");
  double best_acc_gap = 0;
  for (int step = 0; step < 300; ++step) {
    gan.training_step({square_images(32, data_gen), {}}, ctx);
    if (step % 25 == 24) best_acc_gap = std::max(best_acc_gap, std::abs(figure("val_d_acc") - 0.5));
  }
  const double gap_after = figure("val_mean_gap");
  // The discriminator tells real from fake clearly better than chance at some point...
  EXPECT_GT(best_acc_gap, 0.1);
  // ...and the generator's mean brightness moves most of the way to the data's (loose bounds).
  EXPECT_LT(gap_after, 0.5 * gap_before) << "before " << gap_before << " after " << gap_after;
}

TEST(MlpGan, RequestLabelsCycleOrRepeatTheClass) {
  EXPECT_TRUE(torch::equal(request_labels(5, -1, 3), torch::tensor({0, 1, 2, 0, 1}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(request_labels(3, 2, 3), torch::tensor({2, 2, 2}, torch::kInt64)));
  EXPECT_THROW(request_labels(3, 3, 3), Error);
  EXPECT_TRUE(torch::equal(with_one_hot(torch::ones({2, 1}), torch::tensor({1, 0}), 2),
                           torch::tensor({{1.0f, 0.0f, 1.0f}, {1.0f, 1.0f, 0.0f}})));
}

TEST(MlpGan, ConditionalSamplesFollowTheRequestedClass) {
  torch::manual_seed(0);
  MlpGanConfig c = small_config();
  c.conditional = true;
  c.classes = 2;
  MlpGan gan(c);
  EXPECT_EQ(gan.classes(), 2);
  EXPECT_EQ(MlpGan(small_config()).classes(), 0);
  // The label is an input: the same noise gives other images for another class, the same ones again.
  EXPECT_FALSE(torch::equal(gan.sample({4, 3, 0}).images, gan.sample({4, 3, 1}).images));
  EXPECT_TRUE(torch::equal(gan.sample({4, 3, 1}).images, gan.sample({4, 3, 1}).images));
  EXPECT_TRUE(torch::equal(gan.sample({4, 3, -1}).images[1], gan.sample({4, 3, 1}).images[1]));  // cycling
  EXPECT_THROW(gan.sample({4, 3, 2}), Error);
  auto ctx = adam_steps(gan, 1e-3);
  EXPECT_THROW(gan.training_step({torch::rand({4, 1, 8, 8}), {}}, ctx), Error);  // unlabelled batch
  const auto f = gan.training_step({torch::rand({4, 1, 8, 8}), torch::tensor({0, 1, 1, 0})}, ctx);
  EXPECT_EQ(f[0].first, "d_loss");
}

}  // namespace
}  // namespace genlab::models
