// Portable, seedable permutations (splitmix64 + Fisher-Yates): the same on every compiler and
// build, unlike std::shuffle, so data order is part of a run's reproducible state. Torch-free.
#pragma once

#include <cstdint>
#include <cstddef>
#include <vector>

namespace genlab::data {

uint64_t splitmix64(uint64_t& state);

// A permutation of 0..n-1 determined by (seed, stream).
std::vector<int64_t> permutation(int64_t n, uint64_t seed, uint64_t stream);

}  // namespace genlab::data
