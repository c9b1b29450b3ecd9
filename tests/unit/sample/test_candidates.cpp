// Tests for sample/candidates: each filter alone on 4-entry probability tables with hand-computed
// results (llama.cpp test-sampling style), then top-p and typical on a larger vocabulary against a
// brute-force full sort, so the doubling partial sort is checked across its 64/128 boundaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "genlab/core/error.h"
#include "genlab/sample/candidates.h"

namespace genlab::sample {
namespace {

Candidates from_probs(const std::vector<float>& probs) {
  std::vector<float> logits;
  for (const float p : probs) logits.push_back(std::log(p));
  Candidates c;
  c.assign(logits);
  return c;
}

// Runs `step`, renormalises, and compares p per token id; expected 0 means "dropped".
void expect_probs(const std::vector<float>& probs, const std::function<void(Candidates&)>& step,
                  const std::vector<float>& expected) {
  Candidates c = from_probs(probs);
  step(c);
  softmax(c);
  std::vector<float> got(probs.size(), 0.0f);
  for (const Candidate& x : c.data) got[static_cast<size_t>(x.id)] = x.p;
  for (size_t id = 0; id < expected.size(); ++id) {
    const bool kept =
        std::any_of(c.data.begin(), c.data.end(), [&](const Candidate& x) { return x.id == static_cast<int32_t>(id); });
    EXPECT_EQ(kept, expected[id] > 0) << "token " << id;
    EXPECT_NEAR(got[id], expected[id], 1e-5) << "token " << id;
  }
}

const std::vector<float> k_probs = {0.1f, 0.2f, 0.3f, 0.4f};

TEST(Candidates, Temperature) {
  auto temp = [](float t) { return [t](Candidates& c) { apply_temperature(c, t); }; };
  expect_probs(k_probs, temp(1.0f), {0.1f, 0.2f, 0.3f, 0.4f});
  expect_probs(k_probs, temp(0.5f), {1.0f / 30, 4.0f / 30, 9.0f / 30, 16.0f / 30});  // p^2
  expect_probs(k_probs, temp(2.0f), {0.162700f, 0.230093f, 0.281805f, 0.325401f});   // sqrt(p)
}

TEST(Candidates, TopK) {
  auto k = [](int32_t n) { return [n](Candidates& c) { top_k(c, n); }; };
  expect_probs(k_probs, k(1), {0, 0, 0, 1.0f});
  expect_probs(k_probs, k(3), {0, 2.0f / 9, 3.0f / 9, 4.0f / 9});
  expect_probs(k_probs, k(4), {0.1f, 0.2f, 0.3f, 0.4f});
  expect_probs(k_probs, k(0), {0.1f, 0.2f, 0.3f, 0.4f});
}

TEST(Candidates, TopKLeavesListSorted) {
  Candidates c = from_probs({0.3f, 0.1f, 0.4f, 0.2f});
  top_k(c, 3);
  ASSERT_EQ(c.data.size(), 3u);
  EXPECT_TRUE(c.sorted);
  EXPECT_EQ(c.data[0].id, 2);
  EXPECT_EQ(c.data[1].id, 0);
  EXPECT_EQ(c.data[2].id, 3);
}

TEST(Candidates, TopP) {
  auto p = [](float x) { return [x](Candidates& c) { top_p(c, x); }; };
  expect_probs(k_probs, p(0.35f), {0, 0, 0, 1.0f});
  expect_probs(k_probs, p(0.65f), {0, 0, 3.0f / 7, 4.0f / 7});
  expect_probs(k_probs, p(0.8f), {0, 2.0f / 9, 3.0f / 9, 4.0f / 9});
  expect_probs(k_probs, p(1.0f), {0.1f, 0.2f, 0.3f, 0.4f});
  // After top-k the list is already sorted; the short path must agree.
  expect_probs(k_probs,
               [](Candidates& c) {
                 top_k(c, 3);
                 top_p(c, 0.65f);
               },
               {0, 0, 3.0f / 7, 4.0f / 7});
}

TEST(Candidates, MinP) {
  auto m = [](float x) { return [x](Candidates& c) { min_p(c, x); }; };
  expect_probs(k_probs, m(0.0f), {0.1f, 0.2f, 0.3f, 0.4f});
  expect_probs(k_probs, m(0.24f), {0.1f, 0.2f, 0.3f, 0.4f});  // 0.1 >= 0.096
  expect_probs(k_probs, m(0.26f), {0, 2.0f / 9, 3.0f / 9, 4.0f / 9});
  expect_probs(k_probs, m(0.51f), {0, 0, 3.0f / 7, 4.0f / 7});
  expect_probs(k_probs, m(0.76f), {0, 0, 0, 1.0f});
  expect_probs(k_probs, m(1.0f), {0, 0, 0, 1.0f});
}

TEST(Candidates, Typical) {
  auto t = [](float x) { return [x](Candidates& c) { typical(c, x); }; };
  expect_probs({0.97f, 0.01f, 0.01f, 0.01f}, t(0.5f), {1.0f, 0, 0, 0});
  expect_probs({0.4f, 0.2f, 0.2f, 0.2f}, t(0.5f), {0, 1.0f / 3, 1.0f / 3, 1.0f / 3});
  // H = 1.168 nats; surprisals 0.693, 1.204, 2.303: the 0.3 token is the most typical, so a small
  // mass keeps it alone and drops the most likely token.
  expect_probs({0.5f, 0.3f, 0.1f, 0.1f}, t(0.25f), {0, 1.0f, 0, 0});
  expect_probs({0.5f, 0.3f, 0.1f, 0.1f}, t(0.6f), {5.0f / 8, 3.0f / 8, 0, 0});
  expect_probs({0.5f, 0.3f, 0.1f, 0.1f}, t(1.0f), {0.5f, 0.3f, 0.1f, 0.1f});
}

TEST(Candidates, AssignDropsBannedAndRejectsNaN) {
  Candidates c;
  c.assign({1.0f, -std::numeric_limits<float>::infinity(), 2.0f});
  ASSERT_EQ(c.data.size(), 2u);
  EXPECT_EQ(c.data[0].id, 0);
  EXPECT_EQ(c.data[1].id, 2);
  try {
    c.assign({1.0f, std::nanf("")});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "sampler: logit of token 1 is NaN");
  }
}

TEST(Candidates, GreedyTakesLowestIdAmongTies) {
  EXPECT_EQ(greedy(from_probs({0.1f, 0.4f, 0.4f, 0.1f})), 1);
  EXPECT_EQ(greedy(from_probs({0.1f, 0.2f, 0.3f, 0.4f})), 3);
}

TEST(Candidates, PickWalksTheCumulativeDistribution) {
  Candidates c = from_probs(k_probs);
  softmax(c);
  const struct {
    double u;
    int32_t id;
  } cases[] = {{0.0, 0}, {0.05, 0}, {0.15, 1}, {0.29, 1}, {0.31, 2}, {0.59, 2}, {0.61, 3}, {0.9999, 3}};
  for (const auto& t : cases) EXPECT_EQ(pick(c, t.u), t.id) << "u = " << t.u;
}

// Reference for the large-vocabulary checks: a full stable sort by `key` (ascending), then the
// shortest prefix whose mass satisfies `reached`.
std::vector<int32_t> reference_keep(const std::vector<float>& logits, const std::function<double(double)>& key,
                                    const std::function<bool(double)>& reached) {
  double max_logit = *std::max_element(logits.begin(), logits.end()), z = 0;
  for (const float l : logits) z += std::exp(l - max_logit);
  std::vector<std::pair<double, int32_t>> order;  // (key of log p, id)
  std::vector<double> p(logits.size());
  for (size_t i = 0; i < logits.size(); ++i) {
    p[i] = std::exp(logits[i] - max_logit) / z;
    order.emplace_back(key(std::log(p[i])), static_cast<int32_t>(i));
  }
  std::sort(order.begin(), order.end());
  std::vector<int32_t> kept;
  double cum = 0;
  for (const auto& [k, id] : order) {
    kept.push_back(id);
    cum += p[static_cast<size_t>(id)];
    if (reached(cum)) break;
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

std::vector<int32_t> ids_of(const Candidates& c) {
  std::vector<int32_t> ids;
  for (const Candidate& x : c.data) ids.push_back(x.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<float> wavy_logits(size_t n) {
  std::vector<float> logits(n);
  for (size_t i = 0; i < n; ++i) logits[i] = static_cast<float>(std::sin(0.37 * i) * 3.0 - 0.002 * i);
  return logits;
}

TEST(Candidates, TopPOnLargeVocabularyMatchesFullSort) {
  const std::vector<float> logits = wavy_logits(2000);
  for (const float p : {0.05f, 0.3f, 0.6f, 0.9f, 0.99f}) {
    Candidates c;
    c.assign(logits);
    top_p(c, p);
    const auto expected = reference_keep(
        logits, [](double lp) { return -lp; }, [p](double cum) { return cum >= p; });
    EXPECT_EQ(ids_of(c), expected) << "top_p = " << p;
    EXPECT_TRUE(std::is_sorted(c.data.begin(), c.data.end(),
                               [](const Candidate& a, const Candidate& b) { return a.logit > b.logit; }));
  }
}

TEST(Candidates, TypicalOnLargeVocabularyMatchesEntropyDefinition) {
  const std::vector<float> logits = wavy_logits(2000);
  double max_logit = *std::max_element(logits.begin(), logits.end()), z = 0, entropy = 0;
  for (const float l : logits) z += std::exp(l - max_logit);
  for (const float l : logits) {
    const double p = std::exp(l - max_logit) / z;
    entropy -= p * std::log(p);
  }
  for (const float mass : {0.2f, 0.5f, 0.9f}) {
    Candidates c;
    c.assign(logits);
    typical(c, mass);
    const auto expected = reference_keep(
        logits, [&](double lp) { return std::abs(-lp - entropy); }, [mass](double cum) { return cum > mass; });
    EXPECT_EQ(ids_of(c), expected) << "typical_p = " << mass;
  }
}

}  // namespace
}  // namespace genlab::sample
