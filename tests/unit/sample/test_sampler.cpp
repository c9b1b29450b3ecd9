// Tests for sample/sampler: the chain end to end (greedy, filters, penalties, extra steps and their
// place in the order), a pinned token sequence for a fixed seed, draw frequencies, and config
// validation messages.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "genlab/core/config.h"
#include "genlab/core/error.h"
#include "genlab/sample/sampler.h"
#include "support/error_of.h"

namespace genlab::sample {
namespace {

using genlab::testing::error_of;

std::vector<float> log_probs(const std::vector<float>& probs) {
  std::vector<float> logits;
  for (const float p : probs) logits.push_back(std::log(p));
  return logits;
}

TEST(Sampler, GreedyAndTemperatureZeroTakeTheArgMaxAfterPenalties) {
  for (const bool greedy : {true, false}) {
    SamplerConfig config;
    config.greedy = greedy;
    config.temperature = greedy ? 0.8f : 0.0f;
    config.repeat_penalty = 2.0f;
    Sampler sampler(config);
    std::vector<float> logits = {1.0f, 3.0f, 2.0f};
    EXPECT_EQ(sampler.sample(logits, {}), 1);
    logits = {1.0f, 3.0f, 2.0f};
    EXPECT_EQ(sampler.sample(logits, {1}), 2);  // 3 / 2 = 1.5 < 2
  }
}

TEST(Sampler, TopKOfOneIsDeterministicForAnySeed) {
  for (const uint64_t seed : {1u, 2u, 3u}) {
    SamplerConfig config;
    config.top_k = 1;
    config.seed = seed;
    Sampler sampler(config);
    std::vector<float> logits = log_probs({0.1f, 0.2f, 0.4f, 0.3f});
    EXPECT_EQ(sampler.sample(logits, {}), 2);
  }
}

// With temperature 1 and no filters a draw follows the softmax: 40000 draws from
// {0.1, 0.2, 0.3, 0.4} land within 1.5 percentage points of each probability (fixed seed).
TEST(Sampler, DrawsFollowTheDistribution) {
  SamplerConfig config;
  config.temperature = 1.0f;
  config.seed = 7;
  Sampler sampler(config);
  const std::vector<float> probs = {0.1f, 0.2f, 0.3f, 0.4f};
  std::vector<int> counts(4, 0);
  const int n = 40000;
  for (int i = 0; i < n; ++i) {
    std::vector<float> logits = log_probs(probs);
    ++counts[static_cast<size_t>(sampler.sample(logits, {}))];
  }
  for (size_t id = 0; id < 4; ++id) EXPECT_NEAR(counts[id] / double(n), probs[id], 0.015) << "token " << id;
}

std::vector<int32_t> generate(SamplerConfig config, int steps) {
  Sampler sampler(config);
  std::vector<int32_t> history;
  for (int i = 0; i < steps; ++i) {
    std::vector<float> logits(8);
    for (size_t t = 0; t < logits.size(); ++t) logits[t] = static_cast<float>(std::cos(1.3 * t + 0.1 * i));
    history.push_back(sampler.sample(logits, history));
  }
  return history;
}

// The exact tokens for seed 42 are pinned: a change to the RNG, the float->double steps or the pick
// order shows up here. (The values were cross-checked with a Python transcription of the chain.)
TEST(Sampler, PinnedSequenceForSeed42) {
  SamplerConfig config;
  config.temperature = 1.0f;
  config.seed = 42;
  const std::vector<int32_t> expected = {0, 2, 5, 6, 7, 5, 5, 5, 5, 4, 4, 3, 5, 3, 4, 6, 4, 5, 4, 4};
  EXPECT_EQ(generate(config, 20), expected);
}

TEST(Sampler, SameSeedSameTokensOtherSeedOtherTokens) {
  SamplerConfig config;
  config.temperature = 1.2f;
  config.top_p = 0.95f;
  config.seed = 9;
  const auto a = generate(config, 40);
  EXPECT_EQ(generate(config, 40), a);
  config.seed = 10;
  EXPECT_NE(generate(config, 40), a);
}

TEST(Sampler, ExtraStepsRunAfterPenaltiesAndBansBeforeTemperature) {
  SamplerConfig config;
  config.temperature = 0.5f;
  config.repeat_penalty = 2.0f;
  config.no_repeat_ngram = 1;
  Sampler sampler(config);
  std::vector<float> seen;
  sampler.add_step([&](std::vector<float>& logits, const std::vector<int32_t>&) {
    seen = logits;
    for (size_t t = 0; t < logits.size(); ++t)
      if (t != 3) logits[t] = -std::numeric_limits<float>::infinity();
  });
  std::vector<float> logits = {4.0f, 4.0f, 1.0f, 1.0f};
  EXPECT_EQ(sampler.sample(logits, {1}), 3);
  // Token 1 was banned by the 1-gram rule (its penalty applied first is overwritten); temperature
  // has not divided anything yet.
  const std::vector<float> expected = {4.0f, -std::numeric_limits<float>::infinity(), 1.0f, 1.0f};
  EXPECT_EQ(seen, expected);
}

TEST(Sampler, EveryTokenBannedIsAnError) {
  SamplerConfig config;
  config.no_repeat_ngram = 1;
  Sampler sampler(config);
  std::vector<float> logits = {0.0f, 0.0f};
  EXPECT_EQ(error_of([&] {
              sampler.sample(logits, {0, 1});
            }),
            "sampler: every token is banned (no_repeat_ngram = 1, extra steps); raise no_repeat_ngram or set 0");
  std::vector<float> empty;
  EXPECT_EQ(error_of([&] { sampler.sample(empty, {}); }), "sampler: empty logits vector");
}

TEST(Sampler, ValidationNamesTheOptionAndRange) {
  struct Case {
    std::function<void(SamplerConfig&)> change;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](SamplerConfig& c) { c.temperature = -0.5f; },
       "sampler: temperature = -0.5 is out of range; valid: >= 0 (0 = greedy)"},
      {[](SamplerConfig& c) { c.top_k = -1; }, "sampler: top_k = -1 is out of range; valid: >= 0 (0 = off)"},
      {[](SamplerConfig& c) { c.top_p = 0.0f; }, "sampler: top_p = 0 is out of range; valid: (0, 1] (1 = off)"},
      {[](SamplerConfig& c) { c.top_p = 1.5f; }, "sampler: top_p = 1.5 is out of range; valid: (0, 1] (1 = off)"},
      {[](SamplerConfig& c) { c.min_p = 2.0f; }, "sampler: min_p = 2 is out of range; valid: [0, 1] (0 = off)"},
      {[](SamplerConfig& c) { c.typical_p = 0.0f; }, "sampler: typical_p = 0 is out of range; valid: (0, 1] (1 = off)"},
      {[](SamplerConfig& c) { c.repeat_penalty = 0.0f; },
       "sampler: repeat_penalty = 0 is out of range; valid: > 0 (1 = off)"},
      {[](SamplerConfig& c) { c.presence_penalty = std::nanf(""); },
       "sampler: presence_penalty = nan is out of range; valid: a finite number (0 = off)"},
      {[](SamplerConfig& c) { c.penalty_last_n = -2; },
       "sampler: penalty_last_n = -2 is out of range; valid: >= -1 (-1 = whole history)"},
      {[](SamplerConfig& c) { c.no_repeat_ngram = -1; },
       "sampler: no_repeat_ngram = -1 is out of range; valid: >= 0 (0 = off)"},
  };
  for (const Case& c : cases) {
    SamplerConfig config;
    c.change(config);
    EXPECT_EQ(error_of([&] { Sampler s(config); }), c.message);
  }
  EXPECT_EQ(error_of([] { Sampler s(SamplerConfig{}); }), "(no error)");
}

TEST(Sampler, ConfigBindsFromSettings) {
  core::Settings settings;
  settings.load_toml_string("[sample]\ntop_k = 40\ntemperature = 1\nseed = 7\ngreedy = true\n", "preset.toml");
  SamplerConfig config;
  settings.bind("sample", config);
  settings.check_all_used();
  EXPECT_EQ(config.top_k, 40);
  EXPECT_EQ(config.temperature, 1.0f);
  EXPECT_EQ(config.seed, 7u);
  EXPECT_TRUE(config.greedy);
  EXPECT_NE(core::to_toml("sample", config).find("top_p = 1.0"), std::string::npos);
}

}  // namespace
}  // namespace genlab::sample
