// Tests for eval/image_metrics on cases with known answers: the Fréchet distance of identical sets
// (0), of shifted and scaled Gaussians (closed form), of diagonal covariances; precision/recall on
// hand-made point clouds; class balance; nearest neighbours.
#include <gtest/gtest.h>

#include "genlab/eval/image_metrics.h"

namespace genlab::eval {
namespace {

TEST(Frechet, IdenticalSetsGiveZero) {
  torch::manual_seed(0);
  auto x = torch::randn({500, 8});
  EXPECT_NEAR(frechet_distance(fit_gaussian(x), fit_gaussian(x)), 0.0, 1e-9);
}

TEST(Frechet, ClosedFormForDiagonalCovariances) {
  // N(μ₁, diag(a)), N(μ₂, diag(b)): ‖μ₁−μ₂‖² + Σ (a + b − 2√(ab)) = ‖μ₁−μ₂‖² + Σ (√a − √b)².
  Gaussian g1{torch::tensor({0.0, 1.0, 2.0}, torch::kFloat64), torch::diag(torch::tensor({1.0, 4.0, 9.0}, torch::kFloat64))};
  Gaussian g2{torch::tensor({1.0, 1.0, 0.0}, torch::kFloat64), torch::diag(torch::tensor({4.0, 1.0, 1.0}, torch::kFloat64))};
  const double want = (1 + 0 + 4) + (1.0 + 1.0 + 4.0);  // mean term 5; (1-2)^2 + (2-1)^2 + (3-1)^2 = 6
  EXPECT_NEAR(frechet_distance(g1, g2), want, 1e-9);
  EXPECT_NEAR(frechet_distance(g2, g1), want, 1e-9);
}

TEST(Frechet, NonCommutingCovariancesNeedTheTrueSquareRoot) {
  // Σ₁ = [[2,1],[1,2]], Σ₂ = diag(1, 4): Tr((Σ₁Σ₂)^½) = sqrt(Tr(Σ₁Σ₂) + 2 sqrt(det(Σ₁Σ₂))) for 2x2
  // (the trace of the square root of a 2x2 matrix with positive eigenvalues).
  Gaussian g1{torch::zeros({2}, torch::kFloat64), torch::tensor({{2.0, 1.0}, {1.0, 2.0}}, torch::kFloat64)};
  Gaussian g2{torch::zeros({2}, torch::kFloat64), torch::diag(torch::tensor({1.0, 4.0}, torch::kFloat64))};
  const double tr = 2 * 1 + 2 * 4, det = 3.0 * 4.0;
  const double want = 4.0 + 5.0 - 2 * std::sqrt(tr + 2 * std::sqrt(det));
  EXPECT_NEAR(frechet_distance(g1, g2), want, 1e-9);
}

TEST(Manifold, HandMadeClouds) {
  // Real: 4 points on a unit square (3-NN radius = diagonal √2). Fake: one point at the centre
  // (inside every real ball), one far away.
  auto real = torch::tensor({{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}}, torch::kFloat64);
  auto fake = torch::tensor({{0.5, 0.5}, {10.0, 10.0}, {0.5, 0.6}, {0.6, 0.5}}, torch::kFloat64);
  const auto m = manifold_figures(real, fake, 3);
  EXPECT_DOUBLE_EQ(m.precision, 0.75);   // 3 of 4 fakes inside the real manifold
  EXPECT_DOUBLE_EQ(m.coverage, 1.0);     // every real ball holds a fake
  EXPECT_DOUBLE_EQ(m.density, 12.0 / 12.0);  // 3 fakes x 4 balls / (k=3 * 4 fakes)
  // Fake 3-NN radii: the three near-centre fakes reach the far one only at ~13.4, so every real
  // point lies inside some fake ball.
  EXPECT_DOUBLE_EQ(m.recall, 1.0);
}

TEST(ClassBalance, TotalVariation) {
  const auto b = class_balance(torch::tensor({0, 0, 1, 1}), torch::tensor({0, 1, 2, 2}), 3);
  EXPECT_EQ(b.generated, (std::vector<double>{0.5, 0.5, 0.0}));
  EXPECT_EQ(b.reference, (std::vector<double>{0.25, 0.25, 0.5}));
  EXPECT_DOUBLE_EQ(b.total_variation, 0.5);
}

TEST(Nearest, FindsTheClosestRow) {
  auto pool = torch::tensor({{0.0f, 0.0f}, {3.0f, 4.0f}, {10.0f, 0.0f}});
  auto q = torch::tensor({{3.0f, 3.0f}, {9.0f, 0.0f}});
  const auto n = nearest_neighbours(q, pool);
  EXPECT_EQ(n.index[0].item<int64_t>(), 1);
  EXPECT_NEAR(n.distance[0].item<float>(), 1.0f, 1e-5);
  EXPECT_EQ(n.index[1].item<int64_t>(), 2);
}

}  // namespace
}  // namespace genlab::eval
