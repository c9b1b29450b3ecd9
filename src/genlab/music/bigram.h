// An event-bigram baseline for music language models: P(next | previous) from counts with add-k
// smoothing, fitted on training event sequences, scored as NLL per event on held-out ones, and
// sampled with a portable generator (SplitMix64; no std:: distributions, so a seed gives the same
// events on every platform). The neural models are compared against it. Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace genlab::music {

// Sebastiano Vigna's SplitMix64: a 64-bit state advanced by a constant, then mixed.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : m_state(seed) {}
  uint64_t next();
  double uniform();  // [0, 1) from the top 53 bits of next()

 private:
  uint64_t m_state;
};

class BigramModel {
 public:
  // ids are 0..vocab_size-1; k > 0 is added to every bigram count. Throws Error otherwise.
  BigramModel(int vocab_size, double k);

  // Adds the bigram counts of every sequence; each sequence's first event is counted after a
  // start state, so P(first event) is learnt too. Throws Error "sequence S, event I: id X is
  // outside 0..V-1".
  void fit(const std::vector<std::vector<int>>& sequences);

  // (count(previous, next) + k) / (count(previous) + k * vocab_size); previous = -1 is the start.
  double probability(int previous, int next) const;

  // Mean of -ln P(event | previous event) over every event of every sequence (the first after the
  // start state), in nats. Same id checks as fit(); 0 for no events.
  double nll_per_event(const std::vector<std::vector<int>>& sequences) const;

  // `length` events from the start state, each drawn from P(. | previous) by inverse CDF. With
  // event_grammar (a model over the 388 performance events) P is restricted to the events KeyState
  // allows and renormalised, as genlab's music generation samples. Throws Error when event_grammar
  // is asked of another vocabulary.
  std::vector<int> sample(size_t length, uint64_t seed, bool event_grammar = false) const;

  int vocab_size() const { return m_vocab_size; }

 private:
  int row(int previous) const { return previous < 0 ? m_vocab_size : previous; }
  void check_ids(const std::vector<std::vector<int>>& sequences) const;

  int m_vocab_size;
  double m_k;
  std::vector<int64_t> m_counts;      // (vocab_size + 1) x vocab_size; the last row is the start
  std::vector<int64_t> m_row_totals;  // vocab_size + 1
};

}  // namespace genlab::music
