// Text watermark (Kirchenbauer et al. 2023, "A Watermark for Large Language Models", soft red
// list, context width h = 1): at each step a key and the previous token split the vocabulary into a
// green share gamma and a red rest; generation adds delta to green logits, and a detector holding
// the key counts green tokens and reports a z-score. Torch-free; the embedding half is a logit
// processor for sample::Sampler::add_step. Not robust to paraphrase; not a signature (see the
// signed provenance records for that). Spec: docs/watermark.md.
//
// Hashing (portable, keyed):
//   siphash_key = BLAKE2b-128(key = the 32-byte key, message = "genlab text watermark v1")
//   seed(prev)  = SipHash-2-4(siphash_key, prev as 4 bytes little-endian)  (crypto_shorthash)
//   green(prev, t) iff mix64(seed(prev) ^ (t * 0x9e3779b97f4a7c15)) < floor(gamma * 2^64)
// with mix64 splitmix64's finaliser (core/mix64.h): one SipHash per step, a few integer ops per
// token.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "genlab/provenance/watermark_key.h"

namespace genlab::provenance {

struct TextWatermarkParams {
  double gamma = 0.25;        // green share of the vocabulary, in (0, 1)
  double delta = 2.0;         // logit bias added to green tokens when embedding, >= 0
  double z_threshold = 4.26;  // detector verdict: watermarked when z >= this (one-sided FPR 1e-5)

  template <class V>
  void fields(V& v) {
    v("gamma", gamma, "green share of the vocabulary, in (0, 1)");
    v("delta", delta, "logit bias added to green tokens when embedding, >= 0");
    v("z_threshold", z_threshold, "detector verdict: watermarked when z >= this (4.26: FPR 1e-5)");
  }
};

struct TextDetection {
  int64_t tokens_scored = 0;  // T: distinct (previous, token) pairs among the generated tokens
  int64_t green = 0;          // g: how many of them are green
  double green_fraction = 0;  // g / T (0 when T = 0)
  double z = 0;               // (g - gamma T) / sqrt(T gamma (1 - gamma)); 0 when T = 0
  double p_value = 1;         // one-sided normal tail P(Z >= z) = erfc(z / sqrt 2) / 2
  bool watermarked = false;   // verdict: z >= z_threshold
};

class TextWatermark {
 public:
  // Throws Error "text watermark: gamma = <v> is out of range; valid: (0, 1)" (likewise delta >= 0,
  // z_threshold finite).
  TextWatermark(const WatermarkKey& key, const TextWatermarkParams& params = {});

  // The keyed per-context seed: SipHash-2-4 of the previous token id.
  uint64_t context_seed(int32_t previous) const;
  // Whether token t is green under a context seed.
  bool is_green(uint64_t seed, int32_t token) const;

  // Logit processor (sample::Sampler::Step): adds delta to the green tokens of logits given
  // history.back(). No history, no context: no bias (the detector skips such a token too). O(V).
  void operator()(std::vector<float>& logits, const std::vector<int32_t>& history) const;

  // Scores tokens[prompt_tokens..]: token i's context is token i-1 (for the first generated token,
  // the last prompt token; without a prompt the first token is not scored). Each distinct
  // (previous, token) pair counts once (the paper's rule against repeated text inflating z).
  // Throws Error when prompt_tokens is outside [0, tokens.size()] or a token id is negative.
  TextDetection detect(const std::vector<int32_t>& tokens, int64_t prompt_tokens) const;

  const TextWatermarkParams& params() const { return m_params; }

 private:
  std::array<uint8_t, 16> m_siphash_key;
  TextWatermarkParams m_params;
  uint64_t m_green_below;  // floor(gamma * 2^64)
};

// TextWatermark(key, params).detect(tokens, prompt_tokens).
TextDetection detect_text_watermark(const std::vector<int32_t>& tokens, int64_t prompt_tokens, const WatermarkKey& key,
                                    const TextWatermarkParams& params = {});

// ====== Sizing: how many tokens a detection needs ======

// Expected green fraction of tokens sampled from uniform logits over vocab_size tokens with the
// bias applied: E[G e^delta / (G e^delta + V - G)] for the green count G ~ Binomial(V, gamma) of a
// context (each token is green independently under the hash). Tends to gamma e^delta /
// (gamma e^delta + 1 - gamma) as V grows (0.7112 at the defaults); lower for small vocabularies.
double expected_green_fraction_uniform(int64_t vocab_size, const TextWatermarkParams& params);

// Tokens T for which the expected z, (f - gamma) sqrt(T) / sqrt(gamma (1 - gamma)), first reaches
// params.z_threshold, for an expected green fraction f. Throws Error when f <= gamma.
int64_t tokens_for_expected_z(double green_fraction, const TextWatermarkParams& params);

}  // namespace genlab::provenance
