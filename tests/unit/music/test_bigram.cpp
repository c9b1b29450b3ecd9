// Tests for music/bigram: SplitMix64 against its published reference outputs, smoothed
// probabilities and NLL computed by hand, deterministic sampling, and id checks.
#include <gtest/gtest.h>

#include <cmath>

#include "genlab/core/error.h"
#include "genlab/music/bigram.h"
#include "genlab/music/events.h"

namespace genlab::music {
namespace {

TEST(Bigram, SplitMix64ReferenceValues) {
  SplitMix64 rng(1234567);
  const uint64_t expected[] = {6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
                               4593380528125082431ULL, 16408922859458223821ULL};
  for (uint64_t value : expected) EXPECT_EQ(rng.next(), value);
  SplitMix64 uniform(1);
  for (int i = 0; i < 1000; ++i) {
    const double u = uniform.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(Bigram, ProbabilitiesAndNllByHand) {
  // Vocabulary 3, k = 1, trained on 0 1 0 1: start->0 once, 0->1 twice, 1->0 once.
  BigramModel model(3, 1.0);
  model.fit({{0, 1, 0, 1}});
  EXPECT_DOUBLE_EQ(model.probability(-1, 0), (1 + 1.0) / (1 + 3.0));
  EXPECT_DOUBLE_EQ(model.probability(0, 1), (2 + 1.0) / (2 + 3.0));
  EXPECT_DOUBLE_EQ(model.probability(1, 0), (1 + 1.0) / (1 + 3.0));
  EXPECT_DOUBLE_EQ(model.probability(2, 2), 1.0 / 3.0);  // unseen row: uniform
  // Held out: 0 1 2 -> -(ln 0.5 + ln 0.6 + ln 0.25) / 3.
  EXPECT_NEAR(model.nll_per_event({{0, 1, 2}}), -(std::log(0.5) + std::log(0.6) + std::log(0.25)) / 3, 1e-12);
  EXPECT_EQ(model.nll_per_event({}), 0.0);
  double row = 0;
  for (int next = 0; next < 3; ++next) row += model.probability(0, next);
  EXPECT_NEAR(row, 1.0, 1e-12);
}

TEST(Bigram, SamplingIsDeterministicAndFollowsTheCounts) {
  BigramModel cycle(4, 1e-9);
  cycle.fit({{0, 1, 2, 3, 0, 1, 2, 3, 0}});
  EXPECT_EQ(cycle.sample(9, 42), (std::vector<int>{0, 1, 2, 3, 0, 1, 2, 3, 0}));
  BigramModel flat(50, 1.0);
  EXPECT_EQ(flat.sample(20, 5), flat.sample(20, 5));
  EXPECT_NE(flat.sample(20, 5), flat.sample(20, 6));
}

TEST(Bigram, EventGrammarKeepsOneKeyPerPitch) {
  BigramModel flat(k_event_count, 1.0);  // unfitted: uniform over every event
  const auto events = flat.sample(3000, 7, /*event_grammar=*/true);
  KeyState keys;
  int64_t ons = 0, offs = 0;
  for (int e : events) {
    EXPECT_TRUE(keys.allowed(e)) << event_name(e);
    ons += e < k_note_off_base;
    offs += e >= k_note_off_base && e < k_time_shift_base;
    keys.apply(e);
  }
  EXPECT_GT(ons, 100);
  EXPECT_GT(offs, 100);
  KeyState free_keys;  // without the grammar the same model breaks it at once
  int64_t broken = 0;
  for (int e : flat.sample(3000, 7)) {
    broken += !free_keys.allowed(e);
    free_keys.apply(e);
  }
  EXPECT_GT(broken, 100);
  EXPECT_THROW(BigramModel(4, 1.0).sample(5, 1, true), Error);
}

TEST(Bigram, RejectsBadIdsAndSettings) {
  BigramModel model(3, 0.5);
  try {
    model.fit({{0, 1}, {2, 3}});
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "sequence 1, event 1: id 3 is outside 0..2");
  }
  EXPECT_THROW(BigramModel(0, 1.0), Error);
  EXPECT_THROW(BigramModel(3, 0.0), Error);
}

}  // namespace
}  // namespace genlab::music
