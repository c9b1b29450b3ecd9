// Exact binomial confidence bounds (Clopper & Pearson 1934) for error rates measured by counting, e.g.
// a watermark's false positives in n trials, and the regularized incomplete beta function they rest
// on. Torch-free; plain double arithmetic, no tables.
#pragma once

#include <cstdint>

namespace genlab::core {

// I_x(a, b) = B(x; a, b) / B(a, b), the regularized incomplete beta function, for a, b > 0 and
// x in [0, 1]: the continued fraction of DLMF 8.17.22, evaluated where it converges fast (on the
// 1 - I_{1-x}(b, a) side otherwise). Accuracy is limited by the lgamma terms of the front factor:
// ~1e-12 relative for a + b up to ~1e3, ~1e-8 at a + b ~ 1e7.
// Throws Error for a or b <= 0 or x outside [0, 1].
double regularized_incomplete_beta(double x, double a, double b);

// The one-sided upper confidence bound at level `confidence` for a binomial rate after `successes`
// in `trials`: the p at which P(X <= successes) = 1 - confidence, i.e. the `confidence` quantile of
// Beta(successes + 1, trials - successes). 1 when successes == trials; 1 - (1 - confidence)^(1/n)
// when successes == 0 (the "rule of three": ~3/n at 95 %). Found by bisection to ~1e-15 relative.
// Throws Error for trials < 1, successes outside [0, trials] or confidence outside (0, 1).
double clopper_pearson_upper(int64_t successes, int64_t trials, double confidence = 0.95);

}  // namespace genlab::core
