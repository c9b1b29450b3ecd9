// Tests for sample/penalties: exact logit tables for the CTRL repetition penalty, presence and
// frequency penalties and their window, and the no-repeat-n-gram bans.
#include <gtest/gtest.h>

#include <limits>

#include "genlab/sample/penalties.h"

namespace genlab::sample {
namespace {

constexpr float k_ban = -std::numeric_limits<float>::infinity();

TEST(Penalties, Table) {
  struct Case {
    const char* what;
    std::vector<int32_t> history;
    PenaltyParams params;
    std::vector<float> expected;
  };
  const std::vector<float> logits = {2.0f, -2.0f, 1.0f, 0.5f};
  const std::vector<Case> cases = {
      {"off", {0, 1}, {1.0f, 0.0f, 0.0f, 64}, {2.0f, -2.0f, 1.0f, 0.5f}},
      {"repeat divides positive, multiplies negative", {0, 1}, {2.0f, 0.0f, 0.0f, 64}, {1.0f, -4.0f, 1.0f, 0.5f}},
      {"repeat counts a token once", {0, 0, 0}, {2.0f, 0.0f, 0.0f, 64}, {1.0f, -2.0f, 1.0f, 0.5f}},
      {"presence once, frequency per occurrence", {0, 0, 2}, {1.0f, 0.5f, 0.25f, 64}, {1.0f, -2.0f, 0.25f, 0.5f}},
      {"repeat then offsets", {1, 1}, {2.0f, 0.5f, 0.25f, 64}, {2.0f, -5.0f, 1.0f, 0.5f}},
      {"window of 1", {0, 0, 2}, {2.0f, 0.0f, 0.0f, 1}, {2.0f, -2.0f, 0.5f, 0.5f}},
      {"window 0 = none", {0, 0, 2}, {2.0f, 1.0f, 1.0f, 0}, {2.0f, -2.0f, 1.0f, 0.5f}},
      {"window -1 = all", {0, 3, 3, 3, 3}, {2.0f, 0.0f, 0.0f, -1}, {1.0f, -2.0f, 1.0f, 0.25f}},
      {"ids outside the vocabulary are ignored", {7, -1, 2}, {2.0f, 0.0f, 0.0f, 64}, {2.0f, -2.0f, 0.5f, 0.5f}},
  };
  for (const Case& c : cases) {
    std::vector<float> got = logits;
    apply_penalties(got, c.history, c.params);
    EXPECT_EQ(got, c.expected) << c.what;
  }
}

TEST(NoRepeatNgram, Table) {
  struct Case {
    std::vector<int32_t> history;
    int32_t n;
    std::vector<float> expected;
  };
  const std::vector<Case> cases = {
      {{0, 1, 2, 0, 1}, 3, {0, 0, k_ban, 0, 0}},      // "0 1 2" would repeat
      {{0, 1, 2, 0, 1}, 2, {0, 0, k_ban, 0, 0}},      // "1 2"
      {{0, 1, 0, 3, 0}, 2, {0, k_ban, 0, k_ban, 0}},  // "0 1" and "0 3"
      {{3, 1}, 1, {0, k_ban, 0, k_ban, 0}},           // unigrams: every seen token
      {{0, 1, 2, 0, 1}, 4, {0, 0, 0, 0, 0}},          // "2 0 1" never seen before
      {{0, 1, 2, 0, 1}, 0, {0, 0, 0, 0, 0}},          // off
      {{4}, 2, {0, 0, 0, 0, 0}},                      // history shorter than n
      {{0, 9, 0}, 2, {0, 0, 0, 0, 0}},                // banned id 9 outside the vocabulary
  };
  for (const Case& c : cases) {
    std::vector<float> got(5, 0.0f);
    ban_repeat_ngrams(got, c.history, c.n);
    EXPECT_EQ(got, c.expected) << "n = " << c.n << ", history size " << c.history.size();
  }
}

}  // namespace
}  // namespace genlab::sample
