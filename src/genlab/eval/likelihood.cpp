// Sequence and text likelihood (see likelihood.h).
#include "genlab/eval/likelihood.h"

#include <algorithm>
#include <cmath>

#include "genlab/core/check.h"
#include "genlab/text/utf8.h"

namespace genlab::eval {

SequenceLikelihood sequence_likelihood(models::Model& model, const std::vector<int32_t>& ids, int64_t context,
                                       bool streams, const torch::Device& device) {
  const int64_t n = static_cast<int64_t>(ids.size());
  if (n < 2) fail("sequence to evaluate is too short: {} token(s); at least 2 are needed", n);
  model.train(false);
  torch::Generator rng = backend::make_cpu_generator(0);
  double total_nats = 0, total_correct = 0;
  int64_t scored = 0;
  // Window s covers tokens [s, s + len] and predicts s+1 .. s+len. Streams: one row per batch, in
  // order, so the state carries. Windows: up to k_rows full windows per batch.
  constexpr int64_t k_rows = 32;
  std::vector<int64_t> starts;
  auto flush = [&](int64_t len) {
    if (starts.empty()) return;
    const int64_t rows = static_cast<int64_t>(starts.size());
    auto buf = torch::empty({rows, len + 1}, torch::kInt64);
    auto* p = buf.data_ptr<int64_t>();
    for (int64_t r = 0; r < rows; ++r)
      std::copy(ids.begin() + starts[r], ids.begin() + starts[r] + len + 1, p + r * (len + 1));
    data::Batch batch;
    batch.x = buf.narrow(1, 0, len).to(device);
    batch.y = buf.narrow(1, 1, len).to(device);
    batch.stream_start = !streams || starts.front() == 0;
    const auto figures = model.eval_step(batch, rng);
    GENLAB_CHECK(figures.size() >= 2 && figures[0].first == "val_loss" && figures[1].first == "val_accuracy",
                 "{} has no val_loss and val_accuracy figures", model.family());
    total_nats += figures[0].second * static_cast<double>(rows * len);
    total_correct += figures[1].second * static_cast<double>(rows * len);
    scored += rows * len;
    starts.clear();
  };
  for (int64_t s = 0; s + 1 < n; s += context) {
    const int64_t len = std::min(context, n - 1 - s);
    if (len < context) flush(context);
    starts.push_back(s);
    if (streams || len < context || static_cast<int64_t>(starts.size()) == k_rows) flush(len);
  }
  flush(context);
  SequenceLikelihood r;
  r.tokens = scored;
  r.nats_per_token = total_nats / static_cast<double>(scored);
  r.perplexity = std::exp(r.nats_per_token);
  r.accuracy = total_correct / static_cast<double>(scored);
  return r;
}

TextLikelihood text_likelihood(models::Model& model, const text::Tokenizer& tokenizer, std::string_view text,
                               int64_t context, bool streams, const torch::Device& device) {
  const std::vector<int32_t> ids = tokenizer.encode(text);
  if (ids.size() < 2) fail("text to evaluate is too short: {} token(s); at least 2 are needed", ids.size());
  TextLikelihood r;
  static_cast<SequenceLikelihood&>(r) = sequence_likelihood(model, ids, context, streams, device);
  r.characters = text::count_code_points(tokenizer.decode(std::vector<int32_t>(ids.begin() + 1, ids.end())));
  r.bits_per_char = r.nats_per_token * static_cast<double>(r.tokens) /
                    (std::log(2.0) * static_cast<double>(std::max<int64_t>(1, r.characters)));
  return r;
}

}  // namespace genlab::eval
