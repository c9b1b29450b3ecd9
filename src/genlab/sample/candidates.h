// The candidate list a sampler narrows down, and the filter steps that narrow it (llama.cpp's
// llama_token_data_array and its samplers, as free functions). Each step takes the list as the
// previous step left it and may drop and reorder candidates. top_p, min_p and typical run softmax()
// first and leave `p` as computed then (not renormalised over what they kept; pick() does not need
// it). Orders are total (ties broken by ascending id), so which candidates survive and the order
// pick() walks never depend on the standard library's sort. None of these steps allocates.
//
// Cost per call over n candidates: temperature, softmax, min_p and greedy are O(n); top_k is
// O(n log k); top_p and typical sort only the prefix they keep (a partial sort grown by doubling),
// O(n log m) for m kept, so a narrow nucleus over a 50k vocabulary stays cheap.
#pragma once

#include <cstdint>
#include <vector>

namespace genlab::sample {

struct Candidate {
  int32_t id = 0;   // token id
  float logit = 0;  // unnormalised score
  float p = 0;      // probability after the last softmax() over the current list
};

struct Candidates {
  std::vector<Candidate> data;
  bool sorted = false;  // data is in descending logit (equivalently p) order

  // Refills the list with every token of `logits` (id = index) except those at -infinity (banned).
  // Throws Error "sampler: logit of token <id> is NaN" on a NaN.
  void assign(const std::vector<float>& logits);
};

// ====== Normalisation ======

// p_i = exp(logit_i - max) / sum_j exp(logit_j - max), accumulated in double. Keeps order.
void softmax(Candidates& c);

// ====== Filters (each keeps at least one candidate) ======

// logit /= temperature. temperature > 0 (temperature 0 is greedy(), decided by the Sampler).
void apply_temperature(Candidates& c, float temperature);

// Keeps the k highest logits, sorted. k <= 0 or k >= size: no change.
void top_k(Candidates& c, int32_t k);

// Nucleus sampling (Holtzman et al. 2020): keeps the smallest prefix of the descending-p order
// whose cumulative probability reaches top_p. top_p >= 1: no change. Leaves the list sorted.
void top_p(Candidates& c, float top_p);

// Keeps candidates with p >= min_p * p_max (Nguyen et al. 2024). min_p <= 0: no change. O(n).
void min_p(Candidates& c, float min_p);

// Locally typical sampling (Meister et al. 2023): with entropy H = -sum p log p, orders candidates
// by |-log p_i - H| ascending and keeps the smallest prefix whose cumulative probability exceeds
// typical_p. typical_p >= 1: no change. Leaves the list in that order (sorted = false).
void typical(Candidates& c, float typical_p);

// ====== Picks ======

// The id with the highest logit (the lowest id among ties). O(n).
int32_t greedy(const Candidates& c);

// Draws an id with probability p (softmax() must be current): the first candidate whose cumulative
// p exceeds u * sum(p), u in [0, 1) from the caller's RNG; inverse-CDF in list order.
int32_t pick(const Candidates& c, double u);

}  // namespace genlab::sample
