// The sampler's portable random numbers: xoshiro256** seeded through splitmix64 (Blackman & Vigna,
// https://prng.di.unimi.it/). Same seed, same stream on every compiler and standard library, which
// std:: distributions do not promise. Not for cryptography.
#pragma once

#include <array>
#include <cstdint>

namespace genlab::sample {

// One step of splitmix64: advances state and returns core::mix64 of it. The seed expander.
uint64_t splitmix64(uint64_t& state);

class Rng {
 public:
  // The four state words are the first four splitmix64 outputs from `seed`.
  explicit Rng(uint64_t seed);

  uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits: (next_u64() >> 11) * 2^-53.
  double next_double();

 private:
  std::array<uint64_t, 4> m_s;
};

}  // namespace genlab::sample
