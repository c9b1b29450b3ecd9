// Tests for core/clopper_pearson: closed forms of the incomplete beta function, and upper bounds
// against values found independently (exact binomial sums bisected in Python) and the rule of three.
#include <gtest/gtest.h>

#include <cmath>

#include "genlab/core/clopper_pearson.h"
#include "genlab/core/error.h"

namespace genlab::core {
namespace {

TEST(IncompleteBeta, ClosedFormsTable) {
  struct Case {
    double x, a, b, expected;
  };
  const Case cases[] = {
      {0.5, 3, 3, 0.5},                   // symmetry
      {0.5, 40, 40, 0.5},                 //
      {0.3, 1, 5, 1 - std::pow(0.7, 5)},  // I_x(1, b) = 1 - (1 - x)^b
      {0.3, 4, 1, std::pow(0.3, 4)},      // I_x(a, 1) = x^a
      {0.9, 2, 1, 0.81},                  //
      {1e-5, 1, 800000, -std::expm1(800000 * std::log1p(-1e-5))},
      {0.25, 2, 2, 3 * 0.0625 - 2 * 0.015625},  // I_x(2, 2) = 3x^2 - 2x^3
      {0, 2, 3, 0},
      {1, 2, 3, 1},
  };
  for (const Case& c : cases)
    EXPECT_NEAR(regularized_incomplete_beta(c.x, c.a, c.b), c.expected, 1e-12 * std::max(1.0, c.expected))
        << c.x << " " << c.a << " " << c.b;
}

TEST(ClopperPearson, UpperBoundTable) {
  struct Case {
    int64_t successes, trials;
    double expected;  // P(X <= successes; expected) = 0.05, bisected on exact binomial sums
  };
  const Case cases[] = {
      {1, 10, 0.3941633024365048},     {0, 10, 0.25886555089305224}, {5, 20, 0.45558240400174876},
      {3, 1000, 0.007735244718479472}, {9, 10, 0.9948838031081763},  {10, 10, 1.0},
  };
  for (const Case& c : cases)
    EXPECT_NEAR(clopper_pearson_upper(c.successes, c.trials), c.expected, 1e-9 * c.expected)
        << c.successes << "/" << c.trials;
}

TEST(ClopperPearson, ZeroSuccessesIsTheRuleOfThree) {
  EXPECT_NEAR(clopper_pearson_upper(0, 100000), 1 - std::pow(0.05, 1e-5), 1e-15);
  EXPECT_NEAR(clopper_pearson_upper(0, 100000) * 100000, 3.0, 0.01);
  // The bisected bound for one success lies above the zero-success bound and below 5/n.
  const double one = clopper_pearson_upper(1, 100000);
  EXPECT_GT(one, clopper_pearson_upper(0, 100000));
  EXPECT_LT(one, 5e-5);
  EXPECT_NEAR(regularized_incomplete_beta(one, 2, 99999), 0.95, 1e-9);
}

TEST(ClopperPearson, RejectsBadArguments) {
  EXPECT_THROW(clopper_pearson_upper(0, 0), Error);
  EXPECT_THROW(clopper_pearson_upper(-1, 10), Error);
  EXPECT_THROW(clopper_pearson_upper(11, 10), Error);
  EXPECT_THROW(clopper_pearson_upper(1, 10, 1.0), Error);
  EXPECT_THROW(regularized_incomplete_beta(1.5, 1, 1), Error);
  EXPECT_THROW(regularized_incomplete_beta(0.5, 0, 1), Error);
}

}  // namespace
}  // namespace genlab::core
