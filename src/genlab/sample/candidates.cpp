// Filter steps over the candidate list. Sorting is always by a total order (ties by id) and only as
// far as a step needs: nth_element/partial_sort for top-k, a doubling partial sort for top-p and
// typical (see candidates.h for the per-step costs).
#include "genlab/sample/candidates.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "genlab/core/check.h"

namespace genlab::sample {
namespace {

bool by_logit_desc(const Candidate& a, const Candidate& b) {
  return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
}

// Partially sorts `data` by `less`, growing the sorted prefix (64, 128, ...) until the running sum
// of p over it satisfies `reached`; returns the length of the prefix up to and including the
// element that first satisfied it (data.size() when none did).
template <class Less, class Reached>
size_t prefix_by_mass(std::vector<Candidate>& data, Less less, Reached reached) {
  size_t done = 0;
  size_t end = std::min<size_t>(64, data.size());
  double cum = 0;
  while (true) {
    std::partial_sort(data.begin() + static_cast<std::ptrdiff_t>(done), data.begin() + static_cast<std::ptrdiff_t>(end),
                      data.end(), less);
    for (; done < end; ++done) {
      cum += data[done].p;
      if (reached(cum)) return done + 1;
    }
    if (end == data.size()) return end;
    end = std::min(end * 2, data.size());
  }
}

}  // namespace

void Candidates::assign(const std::vector<float>& logits) {
  data.clear();
  sorted = false;
  for (size_t i = 0; i < logits.size(); ++i) {
    const float logit = logits[i];
    if (std::isnan(logit)) fail("sampler: logit of token {} is NaN", i);
    if (logit == -std::numeric_limits<float>::infinity()) continue;
    data.push_back(Candidate{static_cast<int32_t>(i), logit, 0.0f});
  }
}

void softmax(Candidates& c) {
  GENLAB_CHECK(!c.data.empty(), "softmax over an empty candidate list");
  float max_logit = c.data.front().logit;
  for (const Candidate& x : c.data) max_logit = std::max(max_logit, x.logit);
  double sum = 0;
  for (Candidate& x : c.data) {
    x.p = std::exp(x.logit - max_logit);
    sum += x.p;
  }
  for (Candidate& x : c.data) x.p = static_cast<float>(x.p / sum);
}

void apply_temperature(Candidates& c, float temperature) {
  GENLAB_CHECK(temperature > 0, "temperature {} must be positive", temperature);
  for (Candidate& x : c.data) x.logit /= temperature;
}

void top_k(Candidates& c, int32_t k) {
  if (k <= 0 || static_cast<size_t>(k) >= c.data.size()) return;
  if (!c.sorted) std::partial_sort(c.data.begin(), c.data.begin() + k, c.data.end(), by_logit_desc);
  c.data.resize(static_cast<size_t>(k));
  c.sorted = true;
}

void top_p(Candidates& c, float top_p) {
  if (top_p >= 1.0f || c.data.size() <= 1) return;
  softmax(c);
  const double target = top_p;
  size_t keep;
  if (c.sorted) {
    double cum = 0;
    for (keep = 0; keep < c.data.size();) {
      cum += c.data[keep++].p;
      if (cum >= target) break;
    }
  } else {
    keep = prefix_by_mass(c.data, by_logit_desc, [&](double cum) { return cum >= target; });
  }
  c.data.resize(keep);
  c.sorted = true;
}

void min_p(Candidates& c, float min_p) {
  if (min_p <= 0.0f || c.data.size() <= 1) return;
  softmax(c);
  float p_max = 0;
  for (const Candidate& x : c.data) p_max = std::max(p_max, x.p);
  const float threshold = min_p * p_max;
  // In place and order-preserving; the top candidate always passes (min_p <= 1 or not).
  auto kept =
      std::remove_if(c.data.begin(), c.data.end(), [&](const Candidate& x) { return x.p < threshold && x.p < p_max; });
  c.data.erase(kept, c.data.end());
}

void typical(Candidates& c, float typical_p) {
  if (typical_p >= 1.0f || c.data.size() <= 1) return;
  softmax(c);
  // With log p_i = logit_i - log Z and H = -sum p log p = log Z - E_p[logit], the surprisal
  // distance |-log p_i - H| is |logit_i - E_p[logit]|: no log per candidate is needed.
  double mean_logit = 0;
  for (const Candidate& x : c.data) mean_logit += static_cast<double>(x.p) * x.logit;
  auto by_distance = [&](const Candidate& a, const Candidate& b) {
    const double da = std::abs(a.logit - mean_logit), db = std::abs(b.logit - mean_logit);
    return da < db || (da == db && a.id < b.id);
  };
  const double target = typical_p;
  const size_t keep = prefix_by_mass(c.data, by_distance, [&](double cum) { return cum > target; });
  c.data.resize(keep);
  c.sorted = false;
}

int32_t greedy(const Candidates& c) {
  GENLAB_CHECK(!c.data.empty(), "greedy over an empty candidate list");
  const Candidate* best = &c.data.front();
  for (const Candidate& x : c.data)
    if (by_logit_desc(x, *best)) best = &x;
  return best->id;
}

int32_t pick(const Candidates& c, double u) {
  GENLAB_CHECK(!c.data.empty(), "pick from an empty candidate list");
  double sum = 0;
  for (const Candidate& x : c.data) sum += x.p;
  const double target = u * sum;
  double cum = 0;
  for (const Candidate& x : c.data) {
    cum += x.p;
    if (cum > target) return x.id;
  }
  return c.data.back().id;  // u * sum rounded up to sum: the last candidate
}

}  // namespace genlab::sample
