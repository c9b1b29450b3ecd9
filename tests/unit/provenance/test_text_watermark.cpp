// Tests for provenance/text_watermark: pinned seeds and green/red decisions for a fixed key (values
// from an independent Python transcription: hashlib.blake2b, a SipHash-2-4 checked against the
// reference vector a129ca6149be45e5, splitmix64), the logit bias, detection of a synthetic
// watermarked sequence against an unmarked one, the repeated-pair and prompt rules, and the sizing
// figures for a char (80) and a BPE (2000) vocabulary.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numeric>

#include "genlab/core/error.h"
#include "genlab/provenance/text_watermark.h"
#include "genlab/sample/sampler.h"
#include "support/error_of.h"

namespace genlab::provenance {
namespace {

WatermarkKey test_key() {
  WatermarkKey key{};
  std::iota(key.begin(), key.end(), uint8_t{0});  // bytes 0, 1, ..., 31
  return key;
}

using genlab::testing::error_of;

std::string green_row(const TextWatermark& wm, int32_t previous, int32_t n) {
  const uint64_t seed = wm.context_seed(previous);
  std::string row;
  for (int32_t t = 0; t < n; ++t) row += wm.is_green(seed, t) ? '1' : '0';
  return row;
}

TEST(TextWatermark, PinnedGreenListsForAFixedKey) {
  const TextWatermark wm(test_key());
  const struct {
    int32_t previous;
    uint64_t seed;
    const char* green;  // tokens 0..31
  } cases[] = {
      {0, 0xaf5cfa3874164fb2ULL, "10100100000000100110000010001000"},
      {1, 0x19d6addb9d65026aULL, "01010011000000000000000001100000"},
      {7, 0x37deafa27907c862ULL, "10000000000100100111101000000000"},
      {1999, 0xbda0ed14ceb2eaf6ULL, "01100000010000000000000011100001"},
      {50256, 0x35655bc390c26f0eULL, "00001100111100100101010000000100"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(wm.context_seed(c.previous), c.seed) << "previous " << c.previous;
    EXPECT_EQ(green_row(wm, c.previous, 32), c.green) << "previous " << c.previous;
  }
}

TEST(TextWatermark, GreenShareIsGamma) {
  const TextWatermark wm(test_key());
  int green = 0;
  const uint64_t seed = wm.context_seed(3);
  for (int32_t t = 0; t < 20000; ++t) green += wm.is_green(seed, t);
  EXPECT_NEAR(green / 20000.0, 0.25, 0.01);
}

TEST(TextWatermark, BiasAddsDeltaToGreenTokensOfThePreviousToken) {
  const TextWatermark wm(test_key());
  std::vector<float> logits(32, 0.0f);
  wm(logits, {3, 7});
  std::string row;
  for (const float l : logits) row += l == 2.0f ? '1' : (l == 0.0f ? '0' : '?');
  EXPECT_EQ(row, "10000000000100100111101000000000");  // the pinned row for previous = 7

  std::vector<float> untouched(32, 0.0f);
  wm(untouched, {});
  EXPECT_EQ(untouched, std::vector<float>(32, 0.0f));
}

// Tokens drawn by the real sampler from uniform logits over V = 2000 after prompt {5}.
std::vector<int32_t> sample_uniform(bool watermark, int n, uint64_t seed) {
  sample::SamplerConfig config;
  config.temperature = 1.0f;
  config.seed = seed;
  sample::Sampler sampler(config);
  const TextWatermark wm(test_key());
  if (watermark) sampler.add_step(wm);
  std::vector<int32_t> tokens = {5};
  for (int i = 0; i < n; ++i) {
    std::vector<float> logits(2000, 0.0f);
    tokens.push_back(sampler.sample(logits, tokens));
  }
  return tokens;
}

TEST(TextWatermark, DetectsASyntheticWatermarkedSequence) {
  const TextDetection marked = detect_text_watermark(sample_uniform(true, 200, 11), 1, test_key());
  EXPECT_EQ(marked.tokens_scored, 200);
  // Expected: green fraction 0.711, z = 1.0646 * sqrt(200) = 15.1.
  EXPECT_NEAR(marked.green_fraction, 0.711, 0.08);
  EXPECT_GT(marked.z, 10.0);
  EXPECT_TRUE(marked.watermarked);
  EXPECT_LT(marked.p_value, 1e-20);

  const TextDetection plain = detect_text_watermark(sample_uniform(false, 200, 11), 1, test_key());
  EXPECT_EQ(plain.tokens_scored, 200);
  EXPECT_LT(std::abs(plain.z), 3.0);
  EXPECT_FALSE(plain.watermarked);

  // The right text under another key looks unmarked.
  WatermarkKey other = test_key();
  other[0] ^= 1;
  EXPECT_LT(std::abs(detect_text_watermark(sample_uniform(true, 200, 11), 1, other).z), 3.0);
}

// Builds prev -> next chains where each next token is the smallest unused token of the wanted colour,
// so every pair is distinct.
std::vector<int32_t> chain(const TextWatermark& wm, std::vector<int32_t> tokens, int n, bool green) {
  std::vector<bool> used(4096, false);
  for (const int32_t t : tokens) used[static_cast<size_t>(t)] = true;
  for (int i = 0; i < n; ++i) {
    const uint64_t seed = wm.context_seed(tokens.back());
    int32_t t = 0;
    while (used[static_cast<size_t>(t)] || wm.is_green(seed, t) != green) ++t;
    used[static_cast<size_t>(t)] = true;
    tokens.push_back(t);
  }
  return tokens;
}

TEST(TextWatermark, AllGreenStatisticsByHand) {
  const TextWatermark wm(test_key());
  const std::vector<int32_t> tokens = chain(wm, {0}, 16, /*green=*/true);
  const TextDetection d = wm.detect(tokens, 1);
  EXPECT_EQ(d.tokens_scored, 16);
  EXPECT_EQ(d.green, 16);
  EXPECT_DOUBLE_EQ(d.green_fraction, 1.0);
  EXPECT_NEAR(d.z, 12.0 / std::sqrt(3.0), 1e-12);  // (16 - 4) / sqrt(16 * 0.25 * 0.75)
  EXPECT_NEAR(d.p_value, 0.5 * std::erfc(d.z / std::sqrt(2.0)), 1e-25);
  EXPECT_TRUE(d.watermarked);
}

TEST(TextWatermark, PromptTokensAreSkipped) {
  const TextWatermark wm(test_key());
  // A green prompt of 10 tokens, then 6 red generated tokens (the first one's context is the last
  // prompt token).
  const std::vector<int32_t> tokens = chain(wm, chain(wm, {0}, 9, true), 6, false);
  const TextDetection generated = wm.detect(tokens, 10);
  EXPECT_EQ(generated.tokens_scored, 6);
  EXPECT_EQ(generated.green, 0);
  const TextDetection everything = wm.detect(tokens, 0);  // first token has no context
  EXPECT_EQ(everything.tokens_scored, 15);
  EXPECT_EQ(everything.green, 9);
  const TextDetection none = wm.detect(tokens, 16);
  EXPECT_EQ(none.tokens_scored, 0);
  EXPECT_EQ(none.z, 0.0);
  EXPECT_EQ(none.p_value, 1.0);
  EXPECT_FALSE(none.watermarked);
}

TEST(TextWatermark, RepeatedPairsCountOnce) {
  const TextWatermark wm(test_key());
  const std::vector<int32_t> base = chain(wm, {0}, 2, true);  // 0 a b: pairs (0,a), (a,b) green
  std::vector<int32_t> tokens = base;
  for (int i = 0; i < 20; ++i) tokens.insert(tokens.end(), {base[1], base[2]});  // (b,a), (a,b) ...
  const TextDetection d = wm.detect(tokens, 1);
  EXPECT_EQ(d.tokens_scored, 3);  // (0,a), (a,b), (b,a)
  EXPECT_EQ(d.green, 2 + (wm.is_green(wm.context_seed(base[2]), base[1]) ? 1 : 0));
}

TEST(TextWatermark, Errors) {
  const TextWatermark wm(test_key());
  EXPECT_EQ(error_of([&] {
              wm.detect({1, 2}, 3);
            }),
            "text watermark: prompt_tokens = 3 is out of range; valid: 0 to 2 (the number of tokens)");
  EXPECT_EQ(error_of([&] { wm.detect({1, -2, 3}, 1); }), "text watermark: token 1 has a negative id (-2)");
  TextWatermarkParams params;
  params.gamma = 1.0;
  EXPECT_EQ(error_of([&] { TextWatermark w(test_key(), params); }),
            "text watermark: gamma = 1 is out of range; valid: (0, 1), e.g. 0.25");
  params = {};
  params.delta = -1;
  EXPECT_EQ(error_of([&] { TextWatermark w(test_key(), params); }),
            "text watermark: delta = -1 is out of range; valid: >= 0, e.g. 2");
  EXPECT_EQ(error_of([] { tokens_for_expected_z(0.25, {}); }),
            "text watermark: green fraction 0.25 is not above gamma = 0.25; no length reaches z = 4.26");
}

// The figure for docs/watermark.md: under uniform logits at delta = 2, gamma = 0.25, a char
// vocabulary (80) reaches an expected green fraction of 0.7047 and a BPE vocabulary (2000) 0.7110
// (limit 0.7112), so both need 17 tokens for an expected z of 4.26 (16.45 vs 16.01 unrounded).
TEST(TextWatermark, TokensNeededCharVersusBpe) {
  const TextWatermarkParams params;
  const double f_char = expected_green_fraction_uniform(80, params);
  const double f_bpe = expected_green_fraction_uniform(2000, params);
  EXPECT_NEAR(f_char, 0.7047432, 1e-6);
  EXPECT_NEAR(f_bpe, 0.7109817, 1e-6);
  EXPECT_NEAR(expected_green_fraction_uniform(1000000, params), 0.25 * std::exp(2.0) / (0.25 * std::exp(2.0) + 0.75),
              1e-6);
  EXPECT_EQ(tokens_for_expected_z(f_char, params), 17);
  EXPECT_EQ(tokens_for_expected_z(f_bpe, params), 17);
  TextWatermarkParams weak;
  weak.delta = 0.5;  // a weaker bias needs many more tokens
  EXPECT_GT(tokens_for_expected_z(expected_green_fraction_uniform(2000, weak), weak), 100);
}

}  // namespace
}  // namespace genlab::provenance
