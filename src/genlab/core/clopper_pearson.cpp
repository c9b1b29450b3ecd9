// The incomplete beta continued fraction (modified Lentz evaluation) and the Clopper-Pearson
// bisection; see the header.
#include "genlab/core/clopper_pearson.h"

#include <cmath>
#include <limits>

#include "genlab/core/check.h"

namespace genlab::core {
namespace {

// The continued fraction of DLMF 8.17.22 for I_x(a, b) / (front factor), fast when
// x < (a + 1) / (a + b + 2). Lentz's method: f = b0 + a1 / (b1 + a2 / (b2 + ...)).
double beta_continued_fraction(double x, double a, double b) {
  constexpr double tiny = 1e-300, eps = 1e-15;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double f = d;
  for (int m = 1; m < 100000; ++m) {
    const double mm = m;
    // The even step d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)), then the odd step d_{2m+1}.
    const double even = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm));
    d = 1 + even * d;
    c = 1 + even / c;
    if (std::fabs(d) < tiny) d = tiny;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    const double odd = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1));
    d = 1 + odd * d;
    c = 1 + odd / c;
    if (std::fabs(d) < tiny) d = tiny;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double step = d * c;
    f *= step;
    if (std::fabs(step - 1) < eps) return f;
  }
  GENLAB_CHECK(false, "incomplete beta continued fraction did not converge (x {}, a {}, b {})", x, a, b);
}

}  // namespace

double regularized_incomplete_beta(double x, double a, double b) {
  if (!(a > 0 && b > 0 && std::isfinite(a) && std::isfinite(b)))
    fail("incomplete beta: a = {}, b = {}; both must be finite and > 0", a, b);
  if (!(x >= 0 && x <= 1)) fail("incomplete beta: x = {} is out of range; valid: [0, 1]", x);
  if (x == 0 || x == 1) return x;
  // log of x^a (1 - x)^b / (a B(a, b))
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * beta_continued_fraction(x, a, b) / a;
  return 1 - std::exp(log_front) * beta_continued_fraction(1 - x, b, a) / b;
}

double clopper_pearson_upper(int64_t successes, int64_t trials, double confidence) {
  if (trials < 1) fail("clopper-pearson: trials = {}; must be >= 1", trials);
  if (successes < 0 || successes > trials)
    fail("clopper-pearson: successes = {} is out of range; valid: 0 to {} (trials)", successes, trials);
  if (!(confidence > 0 && confidence < 1))
    fail("clopper-pearson: confidence = {} is out of range; valid: (0, 1), e.g. 0.95", confidence);
  if (successes == trials) return 1;
  const double n = static_cast<double>(trials), k = static_cast<double>(successes);
  if (successes == 0) return -std::expm1(std::log1p(-confidence) / n);
  // I_p(k + 1, n - k) rises from 0 to 1 with p; find where it reaches `confidence`.
  double lo = 0, hi = 1;
  while (hi - lo > 1e-15 * hi) {
    const double mid = 0.5 * (lo + hi);
    (regularized_incomplete_beta(mid, k + 1, n - k) < confidence ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace genlab::core
