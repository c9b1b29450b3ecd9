// Parity of the gpt and lstm families with the same models in Python PyTorch (gpt_reference.py):
// same initial weights and token batches. GPT logits agree within 1e-4 and a 20-step AdamW
// trajectory's losses within 1e-3 relative; the LSTM (hidden state carried across batches, Adam)
// likewise.
#include <gtest/gtest.h>

#include "genlab/models/gpt.h"
#include "genlab/models/rnn.h"
#include "genlab/train/step_context.h"
#include "parity/reference_run.h"

namespace genlab {
namespace {

using testing::ReferenceRun;
using testing::relative_difference;

constexpr int k_steps = 20;

class TextParity : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ReferenceRun::available())
      GTEST_SKIP() << "/usr/bin/python3 with torch (Debian python3-torch) is needed: scripts/setup.sh --test";
    torch::set_num_threads(1);
  }

  // Trains `model` on the reference batches and compares logits of step 0 and every step's loss.
  void compare(models::Model& model, const ReferenceRun& ref, train::TrainConfig tc) {
    ref.set_weights(model, "init");
    train::OptimizerSteps steps(model, tc, torch::kCPU);
    const auto tokens = ref.tensor("tokens").to(torch::kInt64);  // (steps, B, T+1)
    const int64_t t = tokens.size(2) - 1;
    double worst = 0;
    for (int s = 0; s < k_steps; ++s) {
      data::Batch batch;
      batch.x = tokens[s].narrow(1, 0, t);
      batch.y = tokens[s].narrow(1, 1, t);
      batch.stream_start = s == 0;
      if (s == 0) {
        torch::NoGradGuard no_grad;
        torch::Tensor logits;
        if (auto* gpt = dynamic_cast<models::Gpt*>(&model)) {
          logits = gpt->net->forward(batch.x);
        } else {
          models::RnnState state;
          logits = dynamic_cast<models::Rnn&>(model).net->forward(batch.x, state);
        }
        const double diff = (logits - ref.tensor("logits0")).abs().max().item<double>();
        std::printf("%s logits: max abs difference %.3g (OK below 1e-4)\n", model.family().c_str(), diff);
        EXPECT_LT(diff, 1e-4);
      }
      const auto figures = model.training_step(batch, steps);
      const double rel = relative_difference(figures[0].second, ref.manifest()["loss"][s].get<double>());
      worst = std::max(worst, rel);
      EXPECT_LT(rel, 1e-3) << "step " << s;
    }
    std::printf("%s, %d-step trajectory: max relative loss difference %.3g (OK below 1e-3)\n",
                model.family().c_str(), k_steps, worst);
  }
};

TEST_F(TextParity, GptMatchesNanoGptLayout) {
  ReferenceRun ref("gpt_reference.py", "--family gpt --steps 20 --threads 1");
  models::GptConfig c;
  c.vocab_size = ref.manifest()["vocab"].get<int64_t>();
  c.block_size = ref.manifest()["context"].get<int64_t>();
  c.n_layer = 2;
  c.n_head = 4;
  c.n_embd = 64;
  models::Gpt gpt(c);
  train::TrainConfig tc;
  tc.optimizer = "adamw";
  tc.lr = 1e-3;
  tc.beta2 = 0.99;
  tc.weight_decay = 0.1;
  compare(gpt, ref, tc);
}

TEST_F(TextParity, LstmMatchesTorchNnLstm) {
  ReferenceRun ref("gpt_reference.py", "--family lstm --steps 20 --threads 1");
  models::RnnConfig c;
  c.vocab_size = ref.manifest()["vocab"].get<int64_t>();
  c.embedding = 32;
  c.hidden = 48;
  c.layers = 2;
  models::Rnn lstm("lstm", c);
  train::TrainConfig tc;
  tc.lr = 2e-3;
  compare(lstm, ref, tc);
}

}  // namespace
}  // namespace genlab
