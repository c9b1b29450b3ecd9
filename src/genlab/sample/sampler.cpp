// The sampler chain (order and reasons in sampler.h): logit processors on the full vector, then
// filters on the candidate list, then the pick.
#include "genlab/sample/sampler.h"

#include <cmath>
#include <limits>

#include "genlab/core/check.h"
#include "genlab/sample/penalties.h"

namespace genlab::sample {
namespace {

template <class T>
void require(bool ok, const char* option, T value, const char* valid) {
  if (!ok || !std::isfinite(static_cast<double>(value)))
    fail("sampler: {} = {} is out of range; valid: {}", option, value, valid);
}

}  // namespace

void validate(const SamplerConfig& c) {
  require(c.temperature >= 0, "temperature", c.temperature, ">= 0 (0 = greedy)");
  require(c.top_k >= 0, "top_k", c.top_k, ">= 0 (0 = off)");
  require(c.top_p > 0 && c.top_p <= 1, "top_p", c.top_p, "(0, 1] (1 = off)");
  require(c.min_p >= 0 && c.min_p <= 1, "min_p", c.min_p, "[0, 1] (0 = off)");
  require(c.typical_p > 0 && c.typical_p <= 1, "typical_p", c.typical_p, "(0, 1] (1 = off)");
  require(c.repeat_penalty > 0, "repeat_penalty", c.repeat_penalty, "> 0 (1 = off)");
  require(true, "presence_penalty", c.presence_penalty, "a finite number (0 = off)");
  require(true, "frequency_penalty", c.frequency_penalty, "a finite number (0 = off)");
  require(c.penalty_last_n >= -1, "penalty_last_n", c.penalty_last_n, ">= -1 (-1 = whole history)");
  require(c.no_repeat_ngram >= 0, "no_repeat_ngram", c.no_repeat_ngram, ">= 0 (0 = off)");
}

Sampler::Sampler(const SamplerConfig& config) : m_config(config), m_rng(config.seed) { validate(config); }

void Sampler::add_step(Step step) { m_steps.push_back(std::move(step)); }

int32_t Sampler::sample(std::vector<float>& logits, const std::vector<int32_t>& history) {
  if (logits.empty()) fail("sampler: empty logits vector");
  apply_penalties(logits, history,
                  PenaltyParams{m_config.repeat_penalty, m_config.presence_penalty, m_config.frequency_penalty,
                                m_config.penalty_last_n});
  ban_repeat_ngrams(logits, history, m_config.no_repeat_ngram);
  for (const Step& step : m_steps) step(logits, history);

  m_candidates.assign(logits);
  if (m_candidates.data.empty())
    fail("sampler: every token is banned (no_repeat_ngram = {}, extra steps); raise no_repeat_ngram or set 0",
         m_config.no_repeat_ngram);
  if (m_config.greedy || m_config.temperature == 0) return greedy(m_candidates);

  apply_temperature(m_candidates, m_config.temperature);
  top_k(m_candidates, m_config.top_k);
  typical(m_candidates, m_config.typical_p);
  top_p(m_candidates, m_config.top_p);
  min_p(m_candidates, m_config.min_p);
  softmax(m_candidates);
  return pick(m_candidates, m_rng.next_double());
}

}  // namespace genlab::sample
