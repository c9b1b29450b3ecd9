// splitmix64 (Steele et al. 2014) and Fisher-Yates over it (see shuffle.h).
#include "genlab/data/shuffle.h"

#include <cstddef>
#include <numeric>

namespace genlab::data {

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::vector<int64_t> permutation(int64_t n, uint64_t seed, uint64_t stream) {
  std::vector<int64_t> p(static_cast<size_t>(n));
  std::iota(p.begin(), p.end(), 0);
  uint64_t state = seed ^ (stream * 0xd1b54a32d192ed03ULL);
  for (int64_t i = n - 1; i > 0; --i) {
    // Multiply-shift maps 64 random bits onto [0, i] without modulo bias worth caring about here.
    const auto j = static_cast<int64_t>((static_cast<unsigned __int128>(splitmix64(state)) * (i + 1)) >> 64);
    std::swap(p[i], p[j]);
  }
  return p;
}

}  // namespace genlab::data
