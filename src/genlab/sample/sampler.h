// The sampler chain: turns one step's logits into the next token. Torch-free; runs once per
// generated token over a float vector of V logits, O(V) per token plus a partial sort only when
// top-k, top-p or typical-p are on.
//
// Chain order (fixed):
//   1. penalties (repetition, presence, frequency) over the last penalty_last_n tokens
//   2. no-repeat-n-gram bans
//   3. extra logit processors added with add_step(), in the order added (e.g. the text watermark)
//   4. temperature            5. top-k      6. typical-p      7. top-p      8. min-p
//   9. pick: a draw from the softmax of what is left (or the arg-max when greedy)
// Why this order: 1–3 change scores and must see the full vocabulary in the model's own logit
// units (a penalty or the watermark's delta means the same at any temperature, and a watermark
// bias applied after truncation could not bring a green token back into the nucleus). Temperature
// comes before the truncation filters so that top-p, typical-p and min-p cut the distribution that
// is actually sampled. Top-k (invariant to temperature) goes first among the filters because it is
// the cheapest cut and leaves a short, sorted list for the rest; min-p is last because it is an
// O(n) pass relative to the top probability, unaffected by what the earlier filters removed.
// Greedy (greedy = true or temperature = 0) skips 4–8: the filters never remove the top token
// except typical-p, which would make "greedy" something else.
//
// Reproducibility: the pick uses the sampler's own xoshiro256** stream (rng.h), one draw per
// sampled token, and every sort uses a total order, so a seed gives the same tokens with any
// compiler or standard library, given the same logits (exp() of a different libm can differ in the
// last bit, which in rare cases moves a draw across a boundary).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "genlab/sample/candidates.h"
#include "genlab/sample/rng.h"

namespace genlab::sample {

struct SamplerConfig {
  float temperature = 0.8f;        // logits are divided by this; 0 = greedy
  int32_t top_k = 0;               // keep the k most likely tokens; 0 = off
  float top_p = 1.0f;              // nucleus: keep the smallest set with this much mass; 1 = off
  float min_p = 0.0f;              // drop tokens with p < min_p * p_max; 0 = off
  float typical_p = 1.0f;          // locally typical sampling mass; 1 = off
  float repeat_penalty = 1.0f;     // CTRL repetition penalty over the window; 1 = off
  float presence_penalty = 0.0f;   // subtracted from logits of tokens in the window; 0 = off
  float frequency_penalty = 0.0f;  // subtracted per occurrence in the window; 0 = off
  int32_t penalty_last_n = 64;     // penalty window in tokens; 0 = no penalties, -1 = whole history
  int32_t no_repeat_ngram = 0;     // ban tokens that would repeat an n-gram of this size; 0 = off
  bool greedy = false;             // always take the most likely token (no randomness)
  uint64_t seed = 1234;            // RNG seed: same seed and logits give the same tokens anywhere

  template <class V>
  void fields(V& v) {
    v("temperature", temperature, "logits are divided by this; 0 = greedy");
    v("top_k", top_k, "keep the k most likely tokens; 0 = off");
    v("top_p", top_p, "nucleus: keep the smallest set of tokens with this much probability; 1 = off");
    v("min_p", min_p, "drop tokens with p < min_p * p_max; 0 = off");
    v("typical_p", typical_p, "locally typical sampling mass; 1 = off");
    v("repeat_penalty", repeat_penalty, "CTRL repetition penalty over the window; 1 = off");
    v("presence_penalty", presence_penalty, "subtracted from logits of tokens in the window; 0 = off");
    v("frequency_penalty", frequency_penalty, "subtracted per occurrence in the window; 0 = off");
    v("penalty_last_n", penalty_last_n, "penalty window in tokens; 0 = no penalties, -1 = whole history");
    v("no_repeat_ngram", no_repeat_ngram, "ban tokens that would repeat an n-gram of this size; 0 = off");
    v("greedy", greedy, "always take the most likely token (no randomness)");
    v("seed", seed, "random seed: the same seed and logits give the same tokens on any machine");
  }
};

// Throws Error "sampler: <option> = <value> is out of range; valid: <range>" for the first bad option:
// temperature >= 0, top_k >= 0, top_p in (0, 1], min_p in [0, 1], typical_p in (0, 1],
// repeat_penalty > 0, penalty_last_n >= -1, no_repeat_ngram >= 0; all finite.
void validate(const SamplerConfig& config);

class Sampler {
 public:
  // A logit processor: edits the full logits vector (index = token id) given the history.
  using Step = std::function<void(std::vector<float>& logits, const std::vector<int32_t>& history)>;

  // Validates config (see validate()) and seeds the RNG from config.seed.
  explicit Sampler(const SamplerConfig& config);

  // Appends a logit processor at stage 3 of the chain.
  void add_step(Step step);

  // The next token for `logits` (V entries, modified in place) after `history` (prompt and tokens
  // generated so far). Throws Error when logits is empty, holds a NaN, or every token is banned.
  int32_t sample(std::vector<float>& logits, const std::vector<int32_t>& history);

  const SamplerConfig& config() const { return m_config; }

 private:
  SamplerConfig m_config;
  std::vector<Step> m_steps;
  Candidates m_candidates;  // reused between calls: no allocation per token after the first
  Rng m_rng;
};

}  // namespace genlab::sample
