// Bigram counts, smoothed probabilities, NLL and sampling.
#include "genlab/music/bigram.h"

#include <cmath>

#include "genlab/core/check.h"
#include "genlab/music/events.h"

namespace genlab::music {

uint64_t SplitMix64::next() {
  uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SplitMix64::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

BigramModel::BigramModel(int vocab_size, double k) : m_vocab_size(vocab_size), m_k(k) {
  if (vocab_size <= 0) fail("bigram vocabulary size {} must be positive", vocab_size);
  if (!(k > 0)) fail("bigram smoothing k = {} must be positive", k);
  m_counts.assign(static_cast<size_t>(vocab_size + 1) * vocab_size, 0);
  m_row_totals.assign(static_cast<size_t>(vocab_size + 1), 0);
}

void BigramModel::check_ids(const std::vector<std::vector<int>>& sequences) const {
  for (size_t s = 0; s < sequences.size(); ++s)
    for (size_t i = 0; i < sequences[s].size(); ++i)
      if (sequences[s][i] < 0 || sequences[s][i] >= m_vocab_size)
        fail("sequence {}, event {}: id {} is outside 0..{}", s, i, sequences[s][i], m_vocab_size - 1);
}

void BigramModel::fit(const std::vector<std::vector<int>>& sequences) {
  check_ids(sequences);
  for (const std::vector<int>& sequence : sequences) {
    int previous = -1;
    for (int id : sequence) {
      ++m_counts[static_cast<size_t>(row(previous)) * m_vocab_size + id];
      ++m_row_totals[row(previous)];
      previous = id;
    }
  }
}

double BigramModel::probability(int previous, int next) const {
  GENLAB_CHECK(previous >= -1 && previous < m_vocab_size && next >= 0 && next < m_vocab_size,
               "bigram ids {} -> {} outside the vocabulary of {}", previous, next, m_vocab_size);
  const int r = row(previous);
  return (m_counts[static_cast<size_t>(r) * m_vocab_size + next] + m_k) / (m_row_totals[r] + m_k * m_vocab_size);
}

double BigramModel::nll_per_event(const std::vector<std::vector<int>>& sequences) const {
  check_ids(sequences);
  double total = 0;
  int64_t events = 0;
  for (const std::vector<int>& sequence : sequences) {
    int previous = -1;
    for (int id : sequence) {
      total -= std::log(probability(previous, id));
      ++events;
      previous = id;
    }
  }
  return events > 0 ? total / events : 0.0;
}

std::vector<int> BigramModel::sample(size_t length, uint64_t seed, bool event_grammar) const {
  if (event_grammar && m_vocab_size != k_event_count)
    fail("bigram: the event grammar needs the {} performance events, not {}", k_event_count, m_vocab_size);
  SplitMix64 rng(seed);
  std::vector<int> out;
  out.reserve(length);
  KeyState keys;
  auto allowed = [&](int id) { return !event_grammar || keys.allowed(id); };
  int previous = -1;
  for (size_t i = 0; i < length; ++i) {
    double mass = 1;  // renormalised over the allowed events under the grammar
    if (event_grammar) {
      mass = 0;
      for (int id = 0; id < m_vocab_size; ++id)
        if (allowed(id)) mass += probability(previous, id);
    }
    double u = rng.uniform() * mass;
    int next = -1;
    for (int id = 0; id < m_vocab_size; ++id) {
      if (!allowed(id)) continue;
      next = id;  // the last allowed one, if rounding leaves u above the summed mass
      u -= probability(previous, id);
      if (u < 0) break;
    }
    keys.apply(next);
    out.push_back(next);
    previous = next;
  }
  return out;
}

}  // namespace genlab::music
