// Repetition, presence and frequency penalties, and no-repeat-n-gram bans (see penalties.h).
#include "genlab/sample/penalties.h"

#include <algorithm>
#include <limits>

namespace genlab::sample {
namespace {

bool in_vocab(int32_t token, const std::vector<float>& logits) {
  return token >= 0 && static_cast<size_t>(token) < logits.size();
}

}  // namespace

void apply_penalties(std::vector<float>& logits, const std::vector<int32_t>& history, const PenaltyParams& params) {
  if (params.repeat == 1.0f && params.presence == 0.0f && params.frequency == 0.0f) return;
  const size_t n = params.last_n < 0 ? history.size() : std::min(history.size(), static_cast<size_t>(params.last_n));
  if (n == 0) return;
  std::vector<int32_t> window(history.end() - static_cast<std::ptrdiff_t>(n), history.end());
  std::sort(window.begin(), window.end());
  for (size_t i = 0; i < window.size();) {
    size_t j = i;
    while (j < window.size() && window[j] == window[i]) ++j;
    const int32_t token = window[i];
    const float count = static_cast<float>(j - i);
    i = j;
    if (!in_vocab(token, logits)) continue;
    float& logit = logits[static_cast<size_t>(token)];
    logit = logit > 0 ? logit / params.repeat : logit * params.repeat;
    logit -= count * params.frequency + params.presence;
  }
}

void ban_repeat_ngrams(std::vector<float>& logits, const std::vector<int32_t>& history, int32_t n) {
  if (n <= 0 || history.size() < static_cast<size_t>(n)) return;
  const size_t len = history.size();
  const size_t prefix = static_cast<size_t>(n) - 1;
  // Window [i, i + prefix) matched against the last `prefix` tokens; history[i + prefix] is banned.
  for (size_t i = 0; i + prefix < len; ++i) {
    if (!std::equal(history.begin() + static_cast<std::ptrdiff_t>(i),
                    history.begin() + static_cast<std::ptrdiff_t>(i + prefix),
                    history.end() - static_cast<std::ptrdiff_t>(prefix)))
      continue;
    const int32_t token = history[i + prefix];
    if (in_vocab(token, logits)) logits[static_cast<size_t>(token)] = -std::numeric_limits<float>::infinity();
  }
}

}  // namespace genlab::sample
