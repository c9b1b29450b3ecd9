// Sample-quality figures in an evaluator's feature space (what FID, precision/recall and
// density/coverage compute in Inception features; genlab uses its own classifier's features):
//   Fréchet distance  ‖μ₁−μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½)            (Heusel et al. 2017)
//   precision/recall  k-NN manifolds of real and generated features (Kynkäänniemi et al. 2019)
//   density/coverage  the same balls, counted per real point         (Naeem et al. 2020)
// plus class balance (total-variation distance between class histograms) and nearest-neighbour
// originality. Figures depend on the sample size: compare them only at the same N.
#pragma once

#include <cstdint>
#include <vector>

#include "genlab/backend/torch.h"

namespace genlab::eval {

// Mean (D) and covariance (D, D) of features (N, D), in float64 (unbiased covariance, as numpy's
// np.cov(rowvar=False)).
struct Gaussian {
  torch::Tensor mean, cov;
};
Gaussian fit_gaussian(const torch::Tensor& features);

// Fréchet distance between two Gaussians. The trace term uses a true matrix square root:
// Tr((Σ₁Σ₂)^½) = Σᵢ √λᵢ(Σ₁^½ Σ₂ Σ₁^½), with Σ₁^½ from a symmetric eigendecomposition (eigenvalues
// below 0 from round-off clamped to 0).
double frechet_distance(const Gaussian& a, const Gaussian& b);

struct ManifoldFigures {
  double precision = 0;  // share of generated points inside the real k-NN manifold
  double recall = 0;     // share of real points inside the generated k-NN manifold
  double density = 0;    // mean number of real balls containing a generated point, / k
  double coverage = 0;   // share of real balls containing at least one generated point
};
// real (N, D), fake (M, D); k-th nearest neighbour radii excluding the point itself.
ManifoldFigures manifold_figures(const torch::Tensor& real, const torch::Tensor& fake, int64_t k = 3);

struct ClassBalance {
  std::vector<double> generated;  // share of generated samples per predicted class
  std::vector<double> reference;  // share per class in the reference labels
  double total_variation = 0;     // ½ Σ |generated − reference|
};
ClassBalance class_balance(const torch::Tensor& predicted, const torch::Tensor& reference_labels, int64_t classes);

// For each query (Q, D), the Euclidean distance to its nearest row of `pool` (P, D) and that row's
// index; computed in chunks (memory O(chunk * P)).
struct Nearest {
  torch::Tensor distance;  // (Q) float
  torch::Tensor index;     // (Q) int64
};
Nearest nearest_neighbours(const torch::Tensor& queries, const torch::Tensor& pool);

}  // namespace genlab::eval
