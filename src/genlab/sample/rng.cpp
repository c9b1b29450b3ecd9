// xoshiro256** and splitmix64, transcribed from the reference C by Blackman & Vigna (public domain
// algorithms); integer-only, so bit-identical everywhere.
#include "genlab/sample/rng.h"

#include "genlab/core/mix64.h"

namespace genlab::sample {
namespace {

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t splitmix64(uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  return core::mix64(state);
}

Rng::Rng(uint64_t seed) {
  for (uint64_t& word : m_s) word = splitmix64(seed);
}

uint64_t Rng::next_u64() {
  const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
  const uint64_t t = m_s[1] << 17;
  m_s[2] ^= m_s[0];
  m_s[3] ^= m_s[1];
  m_s[1] ^= m_s[2];
  m_s[0] ^= m_s[3];
  m_s[2] ^= t;
  m_s[3] = rotl(m_s[3], 45);
  return result;
}

double Rng::next_double() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

}  // namespace genlab::sample
