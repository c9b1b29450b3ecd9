// Tests for train/optim: the schedule table and that optimizer state written by position restores
// an optimizer exactly (the next step is bit-identical).
#include <gtest/gtest.h>

#include "genlab/train/optim.h"
#include "support/temp_dir.h"

namespace genlab::train {
namespace {

TEST(Schedule, Table) {
  TrainConfig c;
  c.lr = 1.0;
  c.steps = 100;
  struct Case {
    std::string schedule;
    int64_t warmup;
    int64_t step;
    double want;
  };
  const Case cases[] = {
      {"constant", 0, 0, 1.0},   {"constant", 0, 99, 1.0},  {"constant", 10, 0, 0.1},
      {"constant", 10, 4, 0.5},  {"constant", 10, 9, 1.0},  {"constant", 10, 50, 1.0},
      {"step", 0, 32, 1.0},      {"step", 0, 33, 0.1},      {"step", 0, 66, 0.01},
      {"cosine", 0, 0, 1.0},     {"cosine", 0, 50, 0.55},   {"cosine", 0, 100, 0.1},
      {"cosine", 20, 20, 1.0},   {"cosine", 20, 60, 0.55},
  };
  for (const auto& k : cases) {
    c.schedule = k.schedule;
    c.warmup_steps = k.warmup;
    EXPECT_NEAR(scheduled_lr(c, k.step), k.want, 1e-12) << k.schedule << " warmup " << k.warmup << " step " << k.step;
  }
}

// A tiny regression problem stepped by an optimizer built from config.
struct Tiny {
  torch::nn::Linear layer{nullptr};
  std::unique_ptr<torch::optim::Optimizer> opt;

  explicit Tiny(const TrainConfig& c) {
    torch::manual_seed(3);
    layer = torch::nn::Linear(4, 2);
    models::OptimizerSpec spec{"main", {{layer->parameters(), true}}};
    opt = make_optimizer(c, spec);
  }
  void step(int i) {
    auto x = torch::full({8, 4}, 0.1 * (i + 1));
    auto loss = layer->forward(x).pow(2).mean();
    opt->zero_grad();
    loss.backward();
    opt->step();
  }
};

TEST(OptimizerState, RestoresExactlyForEveryKind) {
  for (const std::string kind : {"sgd", "sgd-momentum", "adam", "adamw"}) {
    TrainConfig c;
    c.optimizer = kind;
    c.lr = 0.05;
    c.weight_decay = 0.01;
    Tiny a(c);
    for (int i = 0; i < 3; ++i) a.step(i);

    testing::TempDir tmp;
    backend::ArchiveWriter out;
    for (const auto& item : a.layer->named_parameters()) out.put("p." + item.key(), item.value());
    save_optimizer_state(out, "optim.main", *a.opt, kind);
    out.save(tmp.file("s.ckpt"));

    Tiny b(c);
    backend::ArchiveReader in(tmp.file("s.ckpt"));
    {
      torch::NoGradGuard no_grad;
      for (auto& item : b.layer->named_parameters()) item.value().copy_(in.get("p." + item.key()));
    }
    load_optimizer_state(in, "optim.main", *b.opt, kind);
    a.step(3);
    b.step(3);
    EXPECT_TRUE(torch::equal(a.layer->weight, b.layer->weight)) << kind;
    EXPECT_TRUE(torch::equal(a.layer->bias, b.layer->bias)) << kind;
  }
}

TEST(Optimizer, NoDecayGroupGetsZeroWeightDecay) {
  TrainConfig c;
  c.optimizer = "adamw";
  c.weight_decay = 0.1;
  torch::nn::Linear layer(3, 3);
  models::OptimizerSpec spec{"main", {{{layer->weight}, true}, {{layer->bias}, false}}};
  auto opt = make_optimizer(c, spec);
  auto& g0 = static_cast<torch::optim::AdamWOptions&>(opt->param_groups()[0].options());
  auto& g1 = static_cast<torch::optim::AdamWOptions&>(opt->param_groups()[1].options());
  EXPECT_DOUBLE_EQ(g0.weight_decay(), 0.1);
  EXPECT_DOUBLE_EQ(g1.weight_decay(), 0.0);
}

// genlab's Adam and AdamW update each parameter in one loop; LibTorch's run the same update as
// separate tensor ops. Both are stepped on the same parameters and gradients for several steps,
// with and without weight decay; a float64 parameter takes LibTorch's own step.
TEST(Optimizer, FusedAdamFollowsLibTorchsAdam) {
  struct Case {
    std::string kind;
    double weight_decay;
    torch::Dtype dtype;
  };
  const Case cases[] = {{"adam", 0.0, torch::kFloat32}, {"adam", 0.05, torch::kFloat32},
                        {"adamw", 0.0, torch::kFloat32}, {"adamw", 0.1, torch::kFloat32},
                        {"adam", 0.05, torch::kFloat64}};
  for (const auto& k : cases) {
    TrainConfig c;
    c.optimizer = k.kind;
    c.lr = 0.01;
    c.beta1 = 0.8;
    c.beta2 = 0.95;
    c.weight_decay = k.weight_decay;
    torch::manual_seed(7);
    auto mine = torch::randn({37, 11}, k.dtype).requires_grad_();
    auto theirs = mine.detach().clone().requires_grad_();
    const auto initial = mine.detach().clone();
    models::OptimizerSpec spec{"main", {{{mine}, true}}};
    auto fused = make_optimizer(c, spec);
    std::unique_ptr<torch::optim::Optimizer> reference;
    if (k.kind == "adam")
      reference = std::make_unique<torch::optim::Adam>(std::vector<torch::Tensor>{theirs},
          torch::optim::AdamOptions(c.lr).betas({c.beta1, c.beta2}).eps(c.eps).weight_decay(c.weight_decay));
    else
      reference = std::make_unique<torch::optim::AdamW>(std::vector<torch::Tensor>{theirs},
          torch::optim::AdamWOptions(c.lr).betas({c.beta1, c.beta2}).eps(c.eps).weight_decay(c.weight_decay));
    for (int step = 0; step < 6; ++step) {
      const auto grad = torch::randn({37, 11}, k.dtype) * (step + 1);
      mine.mutable_grad() = grad.clone();
      theirs.mutable_grad() = grad.clone();
      fused->step();
      reference->step();
    }
    const std::string what = k.kind + " wd " + std::to_string(k.weight_decay);
    EXPECT_GT((mine - initial).abs().min().item<double>(), 0.0) << what;  // every element moved
    EXPECT_TRUE(torch::allclose(mine, theirs, /*rtol=*/1e-5, /*atol=*/1e-6))
        << what << ": max difference " << (mine - theirs).abs().max().item<double>();
    // The moments live in the same state objects, so checkpoints see no difference.
    testing::TempDir tmp;
    backend::ArchiveWriter out;
    save_optimizer_state(out, "o", *fused, k.kind);
    save_optimizer_state(out, "r", *reference, k.kind);
    out.save(tmp.file("s.ckpt"));
    backend::ArchiveReader in(tmp.file("s.ckpt"));
    EXPECT_EQ(in.get("o.0.step").item<int64_t>(), 6) << what;
    EXPECT_EQ(in.get("r.0.step").item<int64_t>(), 6) << what;
    for (const char* field : {"exp_avg", "exp_avg_sq"})
      EXPECT_TRUE(torch::allclose(in.get(std::string("o.0.") + field), in.get(std::string("r.0.") + field), 1e-5, 1e-7))
          << what << " " << field;
  }
}

}  // namespace
}  // namespace genlab::train
