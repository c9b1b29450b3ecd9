// Paths through a latent family's latent space (Model::latent_dim / decode): the points of a
// looping walk and of a traversal grid, for `genlab interpolate`.
#pragma once

#include <cstdint>

#include "genlab/backend/torch.h"

namespace genlab::models {

// Spherical interpolation between latent points a and b (1-D, same size) at t in [0, 1]: along the
// great circle between their directions, blending their norms, so a walk between N(0, I) draws
// stays near the radius where the prior puts its mass; linear when they are (anti)parallel.
torch::Tensor slerp(const torch::Tensor& a, const torch::Tensor& b, double t);

// (frames, dim): `points` anchors drawn from N(0, I) with seed, visited in a closed loop (the last
// back to the first), each segment getting frames / points frames; frame 0 is the first anchor.
torch::Tensor walk_latents(int64_t dim, int64_t points, int64_t frames, uint64_t seed);

// (rows * steps, dim): row r sweeps dimension r from -range to +range in `steps` even steps, every
// other dimension 0 (the prior's mean). Row-major, so tiling `steps` per row shows one dimension per
// row.
torch::Tensor traversal_latents(int64_t dim, int64_t rows, int64_t steps, double range);

}  // namespace genlab::models
