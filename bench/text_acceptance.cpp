// The text acceptance run (issue: text): the char GPT (4 layers, 4 heads, 128 wide, block 128,
// AdamW 1e-3) and the char LSTM (2 x 256, embedding 128, Adam 2e-3) on the KJV, batch 32, dropout
// 0, constant learning rate, clip 1.0, trained for 305 steps by genlab and by Python PyTorch from
// the same initial weights on the same batches (bench/text_acceptance.py writes both); prints each
// side's validation loss on the same windows and their relative difference (target: within 2 %).
//
// usage: bench_text_acceptance [gpt|lstm ...] [--steps 305] [--threads 2]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "genlab/backend/runtime.h"
#include "genlab/models/gpt.h"
#include "genlab/models/rnn.h"
#include "genlab/train/step_context.h"
#include "parity/reference_run.h"

namespace {

using namespace genlab;

struct Result {
  double val_before = 0, val_after = 0, train_loss = 0, tokens_per_s = 0;
};

torch::Tensor logits_of(models::Model& model, const torch::Tensor& x) {
  if (auto* gpt = dynamic_cast<models::Gpt*>(&model)) return gpt->net->forward(x);
  models::RnnState state;
  return dynamic_cast<models::Rnn&>(model).net->forward(x, state);
}

// Mean cross-entropy over the validation windows, each read from a zero state.
double val_loss(models::Model& model, const torch::Tensor& val) {
  torch::NoGradGuard no_grad;
  model.train(false);
  const int64_t t = val.size(2) - 1;
  double sum = 0;
  for (int64_t b = 0; b < val.size(0); ++b) {
    const auto logits = logits_of(model, val[b].narrow(1, 0, t));
    sum += torch::nn::functional::cross_entropy(logits.flatten(0, 1), val[b].narrow(1, 1, t).flatten()).item<double>();
  }
  model.train(true);
  return sum / static_cast<double>(val.size(0));
}

Result train_genlab(models::Model& model, const testing::ReferenceRun& ref, const train::TrainConfig& tc) {
  ref.set_weights(model, "init");
  const auto tokens = ref.tensor("tokens").to(torch::kInt64);  // (steps, B, T + 1)
  const auto val = ref.tensor("val").to(torch::kInt64);
  Result r;
  r.val_before = val_loss(model, val);
  train::OptimizerSteps steps(model, tc, torch::kCPU);
  const int64_t t = tokens.size(2) - 1;
  const auto start = std::chrono::steady_clock::now();
  for (int64_t s = 0; s < tokens.size(0); ++s) {
    data::Batch batch;
    batch.x = tokens[s].narrow(1, 0, t);
    batch.y = tokens[s].narrow(1, 1, t);
    batch.stream_start = s == 0;
    r.train_loss = model.training_step(batch, steps)[0].second;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.tokens_per_s = static_cast<double>(tokens.numel() - tokens.size(0) * tokens.size(1)) / seconds;
  r.val_after = val_loss(model, val);
  return r;
}

void run(const std::string& family, int steps, int threads) {
  std::printf("%s: Python PyTorch trains %d steps (bench/text_acceptance.py)...\n", family.c_str(), steps);
  std::fflush(stdout);
  const testing::ReferenceRun ref("text_acceptance.py", "--family " + family + " --steps " + std::to_string(steps) +
                                                            " --threads " + std::to_string(threads));
  const auto& m = ref.manifest();
  train::TrainConfig tc;
  tc.grad_clip = 1.0;
  Result g;
  std::printf("%s: genlab trains the same %d steps...\n", family.c_str(), steps);
  std::fflush(stdout);
  if (family == "gpt") {
    models::GptConfig c;
    c.vocab_size = m["vocab"].get<int64_t>();
    c.block_size = m["block"].get<int64_t>();
    models::Gpt gpt(c);
    tc.optimizer = "adamw";
    tc.lr = 1e-3;
    tc.beta2 = 0.99;
    tc.weight_decay = 0.1;
    g = train_genlab(gpt, ref, tc);
  } else {
    models::RnnConfig c;
    c.vocab_size = m["vocab"].get<int64_t>();
    models::Rnn lstm("lstm", c);
    tc.optimizer = "adam";
    tc.lr = 2e-3;
    g = train_genlab(lstm, ref, tc);
  }
  const double py_after = m["val_after"].get<double>();
  const double rel = testing::relative_difference(g.val_after, py_after);
  std::printf("\n| %s, %d steps, batch %d x %d | genlab | Python PyTorch %s |\n|---|---|---|\n", family.c_str(), steps,
              m["batch"].get<int>(), m["block"].get<int>(), m["torch"].get<std::string>().c_str());
  std::printf("| validation loss before (nats/char, %d x %d windows) | %.4f | %.4f |\n", m["val_batches"].get<int>(),
              m["batch"].get<int>(), g.val_before, m["val_before"].get<double>());
  std::printf("| validation loss after | **%.4f** | **%.4f** |\n", g.val_after, py_after);
  std::printf("| last training batch loss | %.4f | %.4f |\n", g.train_loss, m["train_loss"].get<double>());
  std::printf("| training tokens/s (%d threads; one run each, not alternated: bench/run measures speed) | %.0f | %.0f |\n",
              threads, g.tokens_per_s, m["tokens_per_s"].get<double>());
  std::printf("%s: validation loss differs by %.2f %% (target: within 2 %%): %s\n\n", family.c_str(), 100 * rel,
              rel <= 0.02 ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> families;
  int steps = 305, threads = 2;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--steps" || arg == "--threads") && i + 1 < argc) {
      (arg == "--steps" ? steps : threads) = std::atoi(argv[++i]);
    } else if (arg == "gpt" || arg == "lstm") {
      families.push_back(arg);
    } else {
      std::fprintf(stderr, "usage: %s [gpt|lstm ...] [--steps 305] [--threads 2]\n", argv[0]);
      return 2;
    }
  }
  if (families.empty()) families = {"gpt", "lstm"};
  if (!testing::ReferenceRun::available()) {
    std::fprintf(stderr, "error: /usr/bin/python3 cannot import torch: run scripts/setup.sh --test\n");
    return 1;
  }
  const auto runtime = backend::init_runtime(threads);
  std::printf("genlab on %d threads, %s\n", runtime.threads, runtime.blas.c_str());
  try {
    for (const auto& family : families) run(family, steps, threads);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
