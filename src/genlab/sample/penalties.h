// Logit processors that look at the tokens generated so far. They work on the full logits vector
// (index = token id) before any candidate is dropped, so their cost is O(history) plus O(1) per
// touched token, never a pass over the vocabulary. Token ids in the history outside [0, V) are
// ignored (they cannot be penalised).
#pragma once

#include <cstdint>
#include <vector>

namespace genlab::sample {

struct PenaltyParams {
  float repeat = 1.0f;     // CTRL repetition penalty: divides positive logits, multiplies negative
  float presence = 0.0f;   // subtracted once from every token seen in the window
  float frequency = 0.0f;  // subtracted once per occurrence in the window
  int32_t last_n = 64;     // window: the last last_n tokens of the history; 0 = none, -1 = all
};

// For each distinct token t in the window with count c_t (Keskar et al. 2019; OpenAI API):
//   logit_t = logit_t > 0 ? logit_t / repeat : logit_t * repeat
//   logit_t -= c_t * frequency + presence
// Cost O(n log n) for window size n (a sort of a copy of the window; no per-vocab work).
void apply_penalties(std::vector<float>& logits, const std::vector<int32_t>& history, const PenaltyParams& params);

// Bans (sets to -infinity) every token that would complete an n-gram already in the history: with
// prefix = the last n-1 tokens, each earlier occurrence of prefix bans the token that followed it.
// n = 1 bans every token in the history; n <= 0 does nothing. Scans the whole history, O(T * n).
void ban_repeat_ngrams(std::vector<float>& logits, const std::vector<int32_t>& history, int32_t n);

}  // namespace genlab::sample
