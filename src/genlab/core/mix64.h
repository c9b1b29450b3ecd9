// splitmix64's output function (Steele, Lea & Flood 2014; constants from Vigna's splitmix64.c): a
// bijective 64-bit mixer, integer-only and so identical on every platform. Shared by the sampler's
// RNG seeding (sample/rng) and the text watermark's green-list test (provenance/text_watermark).
#pragma once

#include <cstdint>

namespace genlab::core {

inline uint64_t mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace genlab::core
