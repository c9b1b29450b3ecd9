// Sample-quality figures (see image_metrics.h).
#include "genlab/eval/image_metrics.h"

#include "genlab/core/check.h"

namespace genlab::eval {
namespace {

// Pairwise Euclidean distances (N, M) in float64 via the Gram trick, clamped at 0.
torch::Tensor pairwise_distances(const torch::Tensor& a, const torch::Tensor& b) {
  auto a2 = a.pow(2).sum(1, /*keepdim=*/true);                    // (N, 1)
  auto b2 = b.pow(2).sum(1, /*keepdim=*/true).t();                // (1, M)
  return (a2 + b2 - 2 * torch::matmul(a, b.t())).clamp_min(0).sqrt();
}

// Distance of each point to its k-th nearest other point of the same set.
torch::Tensor knn_radii(const torch::Tensor& x, int64_t k) {
  auto d = pairwise_distances(x, x);
  // The smallest k+1 distances include the point itself (0).
  return std::get<0>(d.topk(k + 1, /*dim=*/1, /*largest=*/false)).select(1, k);
}

torch::Tensor symmetric_sqrt(const torch::Tensor& m) {
  auto [values, vectors] = torch::linalg_eigh(m);
  return torch::matmul(vectors * values.clamp_min(0).sqrt().unsqueeze(0), vectors.t());
}

}  // namespace

Gaussian fit_gaussian(const torch::Tensor& features) {
  GENLAB_CHECK(features.dim() == 2 && features.size(0) > 1, "fit_gaussian needs (N > 1, D) features");
  auto f = features.to(torch::kCPU, torch::kFloat64);
  auto mean = f.mean(0);
  auto centred = f - mean;
  return {mean, torch::matmul(centred.t(), centred) / static_cast<double>(f.size(0) - 1)};
}

double frechet_distance(const Gaussian& a, const Gaussian& b) {
  const auto s1 = symmetric_sqrt(a.cov);
  const auto m = torch::matmul(torch::matmul(s1, b.cov), s1);
  const double tr_sqrt = torch::linalg_eigvalsh(0.5 * (m + m.t())).clamp_min(0).sqrt().sum().item<double>();
  const double mean_term = (a.mean - b.mean).pow(2).sum().item<double>();
  return mean_term + a.cov.trace().item<double>() + b.cov.trace().item<double>() - 2 * tr_sqrt;
}

ManifoldFigures manifold_figures(const torch::Tensor& real, const torch::Tensor& fake, int64_t k) {
  GENLAB_CHECK(real.size(0) > k && fake.size(0) > k, "manifold figures need more than k points per set");
  auto r = real.to(torch::kCPU, torch::kFloat64), f = fake.to(torch::kCPU, torch::kFloat64);
  const auto real_radii = knn_radii(r, k), fake_radii = knn_radii(f, k);
  const auto d = pairwise_distances(r, f);                         // (N real, M fake)
  const auto in_real_ball = d.le(real_radii.unsqueeze(1));         // fake j inside real ball i
  const auto in_fake_ball = d.le(fake_radii.unsqueeze(0));         // real i inside fake ball j
  ManifoldFigures out;
  out.precision = in_real_ball.any(0).to(torch::kFloat64).mean().item<double>();
  out.recall = in_fake_ball.any(1).to(torch::kFloat64).mean().item<double>();
  out.density = in_real_ball.to(torch::kFloat64).sum().item<double>() / (static_cast<double>(k) * f.size(0));
  out.coverage = in_real_ball.any(1).to(torch::kFloat64).mean().item<double>();
  return out;
}

ClassBalance class_balance(const torch::Tensor& predicted, const torch::Tensor& reference_labels, int64_t classes) {
  auto share = [&](const torch::Tensor& labels) {
    auto counts = torch::bincount(labels.to(torch::kCPU, torch::kInt64), {}, classes).to(torch::kFloat64);
    counts = counts / std::max<double>(1.0, counts.sum().item<double>());
    return std::vector<double>(counts.data_ptr<double>(), counts.data_ptr<double>() + classes);
  };
  ClassBalance out{share(predicted), share(reference_labels), 0};
  for (int64_t c = 0; c < classes; ++c) out.total_variation += 0.5 * std::abs(out.generated[c] - out.reference[c]);
  return out;
}

Nearest nearest_neighbours(const torch::Tensor& queries, const torch::Tensor& pool) {
  constexpr int64_t k_chunk = 256;
  auto q = queries.to(torch::kCPU, torch::kFloat32), p = pool.to(torch::kCPU, torch::kFloat32);
  const auto p2 = p.pow(2).sum(1).unsqueeze(0);                    // (1, P)
  std::vector<torch::Tensor> dist, idx;
  for (int64_t s = 0; s < q.size(0); s += k_chunk) {
    auto c = q.narrow(0, s, std::min(k_chunk, q.size(0) - s));
    auto d2 = c.pow(2).sum(1, /*keepdim=*/true) + p2 - 2 * torch::matmul(c, p.t());  // (chunk, P)
    auto [m, i] = d2.min(1);
    dist.push_back(m.clamp_min(0).sqrt());
    idx.push_back(i);
  }
  return {torch::cat(dist), torch::cat(idx)};
}

}  // namespace genlab::eval
