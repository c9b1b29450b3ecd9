// Tests for models/vqvae: shapes of the code grid, reconstructions and samples; the EMA codebook
// update and dead-code restarts on hand-made cases; seeded sampling; the registry's checks; that
// stage 1 learns to reconstruct and stage 2's prior beats the code-unigram baseline; and that a
// checkpoint taken before the stage switch resumes bit-exactly across it.
#include <gtest/gtest.h>

#include "genlab/backend/compat.h"
#include "genlab/core/error.h"
#include "genlab/models/registry.h"
#include "genlab/models/vqvae.h"
#include "genlab/train/checkpoint.h"
#include "genlab/train/step_context.h"
#include "support/temp_dir.h"

namespace genlab::models {
namespace {

VqvaeConfig small_config() {
  VqvaeConfig c;
  c.channels = 1;
  c.height = 16;
  c.width = 16;
  c.hidden = 16;
  c.res_blocks = 1;
  c.codebook_size = 16;
  c.code_dim = 8;
  c.prior_layers = 1;
  c.prior_heads = 2;
  c.prior_width = 32;
  c.prior_from = 150;
  return c;
}

double figure(const Figures& figures, const std::string& name) {
  for (const auto& [k, v] : figures)
    if (k == name) return v;
  ADD_FAILURE() << "no figure " << name;
  return 0.0;
}

bool has_figure(const Figures& figures, const std::string& name) {
  for (const auto& [k, v] : figures)
    if (k == name) return true;
  return false;
}

TEST(Vqvae, Shapes) {
  torch::manual_seed(0);
  Vqvae vq(small_config());
  auto x = torch::rand({3, 1, 16, 16});
  EXPECT_EQ(vq.net->encode(x).sizes(), (std::vector<int64_t>{3, 8, 4, 4}));
  const auto codes = vq.encode_codes(x);
  EXPECT_EQ(codes.sizes(), (std::vector<int64_t>{3, 4, 4}));
  EXPECT_EQ(codes.scalar_type(), torch::kInt64);
  EXPECT_EQ(vq.reconstruct(x, {}).sizes(), (std::vector<int64_t>{3, 1, 16, 16}));
  EXPECT_EQ(vq.prior_logits(codes).sizes(), (std::vector<int64_t>{3, 16, 16}));  // (B, h*w, K)
  const auto s = vq.sample({5, 1, -1}).images;
  EXPECT_EQ(s.sizes(), (std::vector<int64_t>{5, 1, 16, 16}));
  EXPECT_GE(s.min().item<float>(), 0.0f);
  EXPECT_LE(s.max().item<float>(), 1.0f);
}

TEST(Vqvae, NearestCodeAndEmaUpdate) {
  VqvaeConfig c = small_config();
  c.codebook_size = 3;
  c.code_dim = 2;
  c.decay = 0.5;
  c.epsilon = 1e-12;  // smoothing negligible: counts come out as computed by hand
  c.restart_below = 0;
  VectorQuantizer q(c);
  q->codebook.copy_(torch::tensor({0.f, 0.f, 10.f, 0.f, 0.f, 10.f}).reshape({3, 2}));
  q->embed_sum.copy_(q->codebook);
  q->cluster_size.fill_(1.0);
  auto rows = torch::tensor({1.f, 1.f, 9.f, 1.f, 11.f, -1.f, 2.f, 0.f}).reshape({4, 2});
  auto idx = q->nearest(rows);
  EXPECT_TRUE(torch::equal(idx, torch::tensor({0, 1, 1, 0}, torch::kInt64)));
  auto gen = backend::make_cpu_generator(1);
  EXPECT_EQ(q->ema_update(rows, idx, gen), 0);
  // counts: 0.5*1 + 0.5*{2, 2, 0} = {1.5, 1.5, 0.5}
  EXPECT_TRUE(torch::allclose(q->cluster_size, torch::tensor({1.5f, 1.5f, 0.5f})));
  // sums: 0.5*code + 0.5*(assigned rows summed); code = sum / count
  auto want = torch::tensor({(0.f + 1.5f) / 1.5f, (0.f + 0.5f) / 1.5f, (5.f + 10.f) / 1.5f, 0.f / 1.5f,
                             0.f / 0.5f, 5.f / 0.5f}).reshape({3, 2});
  EXPECT_TRUE(torch::allclose(q->codebook, want, 1e-5, 1e-5)) << q->codebook;
}

TEST(Vqvae, DeadCodesRestartToEncoderOutputs) {
  VqvaeConfig c = small_config();
  c.codebook_size = 4;
  c.code_dim = 2;
  c.restart_below = 1.0;
  VectorQuantizer q(c);
  // Fresh counts are zero: every code is dead after the first update and moves onto a batch row.
  auto rows = torch::tensor({1.f, 2.f, 3.f, 4.f, 5.f, 6.f}).reshape({3, 2});
  auto gen = backend::make_cpu_generator(3);
  EXPECT_EQ(q->ema_update(rows, q->nearest(rows), gen), 4);
  for (int64_t k = 0; k < 4; ++k) {
    auto code = q->codebook[k];
    bool found = false;
    for (int64_t r = 0; r < 3; ++r) found = found || torch::equal(code, rows[r]);
    EXPECT_TRUE(found) << "code " << k << " = " << code;
  }
  EXPECT_TRUE(torch::equal(q->cluster_size, torch::full({4}, 1.0f)));
  // A batch of 300 copies of code 0: code 0 stays put (EMA count 0.99 + 3), the three unused
  // codes fall to 0.99 and restart onto the batch.
  const auto v = q->codebook[0].clone();
  auto many = v.unsqueeze(0).repeat({300, 1});
  EXPECT_EQ(q->ema_update(many, q->nearest(many), gen), 3);
  EXPECT_TRUE(torch::allclose(q->cluster_size, torch::tensor({3.99f, 1.f, 1.f, 1.f}), 1e-4));
  EXPECT_TRUE(torch::allclose(q->codebook, v.unsqueeze(0).repeat({4, 1}), 1e-4));
}

TEST(Vqvae, SameSeedSameSamples) {
  torch::manual_seed(0);
  Vqvae vq(small_config());
  vq.train(false);
  EXPECT_TRUE(torch::equal(vq.sample({4, 7, -1}).images, vq.sample({4, 7, -1}).images));
  EXPECT_FALSE(torch::equal(vq.sample({4, 7, -1}).images, vq.sample({4, 8, -1}).images));
}

TEST(Vqvae, RegistryFillsShapeAndRejectsBadOnes) {
  const Family& f = find_family("vqvae");
  data::DataInfo info;
  info.example_shape = {1, 28, 28};
  core::Settings s;
  auto model = f.create(s, info);
  EXPECT_EQ(model->family(), "vqvae");
  EXPECT_EQ(dynamic_cast<Vqvae&>(*model).encode_codes(torch::rand({1, 1, 28, 28})).sizes(),
            (std::vector<int64_t>{1, 7, 7}));
  info.example_shape = {1, 30, 30};
  core::Settings s2;
  EXPECT_THROW(f.create(s2, info), Error);
  info.example_shape = {1, 28, 28};
  core::Settings s3;
  s3.set("model.prior_heads", int64_t{5}, "test");  // prior_width 96 does not divide by 5
  EXPECT_THROW(f.create(s3, info), Error);
}

// Data: one of four fixed binary 16x16 patterns per image.
struct Patterns {
  torch::Generator gen = backend::make_cpu_generator(2);
  torch::Tensor patterns = torch::rand({4, 1, 16, 16}, gen).gt(0.5).to(torch::kFloat);
  torch::Tensor draw(int64_t n) { return patterns.index_select(0, torch::randint(0, 4, {n}, gen)); }
};

TEST(Vqvae, LearnsCodesThenAPriorThatBeatsTheUnigram) {
  torch::manual_seed(0);
  Vqvae vq(small_config());
  train::TrainConfig c;
  c.lr = 3e-3;
  train::OptimizerSteps steps(vq, c, torch::kCPU);
  Patterns data;
  const auto held_out = data.draw(64);
  auto evaluate = [&] {
    auto g = backend::make_cpu_generator(9);
    return vq.eval_step({held_out, {}}, g);
  };
  const auto before = evaluate();
  EXPECT_FALSE(has_figure(before, "val_prior_nll"));  // stage 1 reports no prior figures
  for (int i = 0; i < 150; ++i) vq.training_step({data.draw(32), {}}, steps);
  const auto after_stage1 = evaluate();
  for (int i = 0; i < 150; ++i) EXPECT_TRUE(has_figure(vq.training_step({data.draw(32), {}}, steps), "prior_nll"));
  const auto after_stage2 = evaluate();
  // 256 pixels of 0/1 start near 64 squared error per image (grey 0.5 everywhere); loose bound
  // (measured: 64 -> 19): a broken step leaves it where it was.
  EXPECT_LT(figure(after_stage1, "val_recon"), 0.5 * figure(before, "val_recon"));
  // Stage 2 freezes the autoencoder.
  EXPECT_EQ(figure(after_stage2, "val_recon"), figure(after_stage1, "val_recon"));
  // Four patterns: once the first codes are seen, the rest of the grid is (nearly) determined.
  const double prior = figure(after_stage2, "val_prior_nll");
  const double unigram = figure(after_stage2, "val_unigram_nll");
  EXPECT_LT(prior, 0.5 * unigram) << "prior " << prior << " unigram " << unigram;
  EXPECT_NEAR(figure(after_stage2, "val_prior_nll_image"), 16 * prior, 1e-9);
  EXPECT_GT(figure(after_stage2, "val_usage"), 0.0);
  EXPECT_GE(figure(after_stage2, "val_perplexity"), 1.0);

  // A model built afresh from the weights and buffers alone (as `genlab eval` opens a checkpoint,
  // without training state) still reports the prior's figures.
  Vqvae opened(small_config());
  {
    torch::NoGradGuard no_grad;
    for (const auto& [name, module] : vq.modules()) {
      auto target = opened.modules();
      for (const auto& [other_name, other] : target) {
        if (other_name != name) continue;
        auto from = module->named_parameters(), to = other->named_parameters();
        for (const auto& p : from) to[p.key()].copy_(p.value());
        auto from_b = module->named_buffers(), to_b = other->named_buffers();
        for (const auto& b : from_b) to_b[b.key()].copy_(b.value());
      }
    }
  }
  auto g = backend::make_cpu_generator(9);
  const auto reopened = opened.eval_step({held_out, {}}, g);
  EXPECT_DOUBLE_EQ(figure(reopened, "val_prior_nll"), prior);
}

TEST(Vqvae, ResumesExactlyAcrossTheStageSwitch) {
  VqvaeConfig cfg = small_config();
  cfg.prior_from = 3;
  train::TrainConfig c;
  c.lr = 3e-3;
  Patterns data;
  std::vector<torch::Tensor> batches;
  for (int i = 0; i < 6; ++i) batches.push_back(data.draw(8));

  torch::manual_seed(0);
  Vqvae straight(cfg);
  train::OptimizerSteps straight_steps(straight, c, torch::kCPU);
  for (const auto& b : batches) straight.training_step({b, {}}, straight_steps);

  testing::TempDir dir;
  const std::string path = dir.file("at2.ckpt");
  {
    torch::manual_seed(0);
    Vqvae first(cfg);
    train::OptimizerSteps first_steps(first, c, torch::kCPU);
    for (int i = 0; i < 2; ++i) first.training_step({batches[i], {}}, first_steps);
    train::TrainState state;
    state.step = 2;
    train::save_checkpoint(path, {&first, first_steps.named(), c.optimizer, &first_steps.rng()}, state,
                           {{"config", first.config_toml()}});
  }
  torch::manual_seed(1);  // different initial weights: everything must come from the checkpoint
  Vqvae resumed(cfg);
  train::OptimizerSteps resumed_steps(resumed, c, torch::kCPU);
  backend::ArchiveReader in(path);
  EXPECT_EQ(train::load_checkpoint(in, {&resumed, resumed_steps.named(), c.optimizer, &resumed_steps.rng()}).step, 2);
  EXPECT_FALSE(resumed.in_prior_stage());
  for (int i = 2; i < 6; ++i) resumed.training_step({batches[i], {}}, resumed_steps);
  EXPECT_TRUE(resumed.in_prior_stage());

  for (auto& [name, module] : straight.modules()) {
    auto other = resumed.modules();
    torch::nn::Module* twin = nullptr;
    for (auto& [n, m] : other)
      if (n == name) twin = m;
    ASSERT_NE(twin, nullptr);
    auto a = module->named_parameters(), b = twin->named_parameters();
    for (const auto& item : a) EXPECT_TRUE(torch::equal(item.value(), b[item.key()])) << name << "." << item.key();
    auto ab = module->named_buffers(), bb = twin->named_buffers();
    for (const auto& item : ab) EXPECT_TRUE(torch::equal(item.value(), bb[item.key()])) << name << "." << item.key();
  }
}

}  // namespace
}  // namespace genlab::models
