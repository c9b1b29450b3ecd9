// Tests for models/rnn: the stateful decoder against a full forward pass, hidden state carried
// across stream batches (and reset at a stream start), the state in checkpoints, and learning.
#include <gtest/gtest.h>

#include "genlab/backend/archive.h"
#include "genlab/models/rnn.h"
#include "genlab/train/step_context.h"
#include "support/temp_dir.h"

namespace genlab::models {
namespace {

RnnConfig small_config() {
  RnnConfig c;
  c.vocab_size = 9;
  c.embedding = 8;
  c.hidden = 12;
  c.layers = 2;
  return c;
}

class RnnCells : public ::testing::TestWithParam<std::string> {};

TEST_P(RnnCells, StatefulDecoderMatchesFullForward) {
  torch::manual_seed(1);
  Rnn model(GetParam(), small_config());
  model.train(false);
  const std::vector<int64_t> seq = {1, 4, 2, 8, 0, 3, 3, 7};
  RnnState state;
  auto full = model.net->forward(torch::tensor(seq).unsqueeze(0), state);  // (1, T, V)
  auto d = model.decoder({});
  d->feed({1, 4, 2});
  std::vector<float> logits;
  for (size_t i = 3; i < seq.size(); ++i) logits = d->feed({static_cast<int32_t>(seq[i])});
  EXPECT_LT((torch::tensor(logits) - full[0][7]).abs().max().item<double>(), 1e-5);
  EXPECT_EQ(d->context_length(), 8);
}

TEST_P(RnnCells, LearnsAtAll) {
  torch::manual_seed(0);
  Rnn model(GetParam(), small_config());
  train::TrainConfig c;
  c.lr = 1e-2;
  train::OptimizerSteps steps(model, c, torch::kCPU);
  auto seq = torch::arange(0, 4 * 17).view({4, 17}).remainder(9);
  data::Batch batch{seq.narrow(1, 0, 16), seq.narrow(1, 1, 16), /*stream_start=*/true};
  const double first = model.training_step(batch, steps)[0].second;
  double last = first;
  for (int i = 0; i < 80; ++i) last = model.training_step(batch, steps)[0].second;
  EXPECT_GT(first, 1.8);  // ~ln 9 = 2.2
  EXPECT_LT(last, 0.5);
}

INSTANTIATE_TEST_SUITE_P(Cells, RnnCells, ::testing::Values("rnn", "lstm", "gru"));

TEST(Rnn, CarriedStateIsSavedAndRestored) {
  torch::manual_seed(2);
  Rnn a("lstm", small_config());
  train::TrainConfig c;
  train::OptimizerSteps steps(a, c, torch::kCPU);
  auto seq = torch::randint(0, 9, {2, 9});
  data::Batch first{seq.narrow(1, 0, 8), seq.narrow(1, 1, 8), /*stream_start=*/true};
  a.training_step(first, steps);
  testing::TempDir tmp;
  backend::ArchiveWriter out;
  a.save_state(out);
  out.save(tmp.file("s.ckpt"));
  // Copies of a with and without the carried state: only the one with it continues identically.
  auto copy_of_a = [&] {
    auto m = std::make_unique<Rnn>("lstm", small_config());
    torch::NoGradGuard no_grad;
    auto src = a.net->parameters();
    auto dst = m->net->parameters();
    for (size_t i = 0; i < src.size(); ++i) dst[i].copy_(src[i]);
    return m;
  };
  auto b = copy_of_a(), fresh = copy_of_a();
  b->load_state(backend::ArchiveReader(tmp.file("s.ckpt")));
  train::TrainConfig frozen;
  frozen.optimizer = "sgd";
  frozen.lr = 0;
  train::OptimizerSteps sa(a, frozen, torch::kCPU), sb(*b, frozen, torch::kCPU), sf(*fresh, frozen, torch::kCPU);
  auto next = torch::randint(0, 9, {2, 9});
  data::Batch cont{next.narrow(1, 0, 8), next.narrow(1, 1, 8), /*stream_start=*/false};
  const double la = a.training_step(cont, sa)[0].second;
  EXPECT_DOUBLE_EQ(b->training_step(cont, sb)[0].second, la);
  EXPECT_NE(fresh->training_step(cont, sf)[0].second, la);
}

}  // namespace
}  // namespace genlab::models
