// Latent walks and traversals (see latent.h).
#include "genlab/models/latent.h"

#include <algorithm>
#include <cmath>

namespace genlab::models {

torch::Tensor slerp(const torch::Tensor& a, const torch::Tensor& b, double t) {
  const double cos_theta = (a.dot(b) / (a.norm() * b.norm())).item<double>();
  const double theta = std::acos(std::clamp(cos_theta, -1.0, 1.0));
  if (std::sin(theta) < 1e-6) return a * (1 - t) + b * t;
  return a * (std::sin((1 - t) * theta) / std::sin(theta)) + b * (std::sin(t * theta) / std::sin(theta));
}

torch::Tensor walk_latents(int64_t dim, int64_t points, int64_t frames, uint64_t seed) {
  auto gen = backend::make_cpu_generator(seed);
  const auto anchors = torch::randn({points, dim}, gen);
  auto z = torch::empty({frames, dim});
  for (int64_t f = 0; f < frames; ++f) {
    const double position = static_cast<double>(f * points) / static_cast<double>(frames);
    const auto segment = static_cast<int64_t>(position);
    z[f] = slerp(anchors[segment], anchors[(segment + 1) % points], position - static_cast<double>(segment));
  }
  return z;
}

torch::Tensor traversal_latents(int64_t dim, int64_t rows, int64_t steps, double range) {
  auto z = torch::zeros({rows * steps, dim});
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t s = 0; s < steps; ++s)
      z[r * steps + s][r] = steps == 1 ? 0.0 : -range + 2 * range * static_cast<double>(s) / static_cast<double>(steps - 1);
  return z;
}

}  // namespace genlab::models
