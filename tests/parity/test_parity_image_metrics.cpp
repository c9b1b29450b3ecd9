// genlab's Fréchet distance and precision/recall/density/coverage against values computed
// independently in numpy/scipy (frechet_reference.py: scipy.linalg.sqrtm of Σ₁Σ₂, direct loops).
#include <gtest/gtest.h>

#include "genlab/eval/image_metrics.h"
#include "parity/reference_run.h"

namespace genlab {
namespace {

using testing::ReferenceRun;

TEST(ImageMetricsParity, MatchNumpyAndScipy) {
  if (!ReferenceRun::available()) GTEST_SKIP() << "/usr/bin/python3 with torch is needed: scripts/setup.sh --test";
  ReferenceRun ref("frechet_reference.py", "");
  const double fd = eval::frechet_distance(eval::fit_gaussian(ref.tensor("a")), eval::fit_gaussian(ref.tensor("b")));
  const double want = ref.manifest()["fd_ab"].get<double>();
  std::printf("Frechet distance: genlab %.9f, scipy %.9f\n", fd, want);
  EXPECT_NEAR(fd, want, 1e-6 * want);
  const auto m = eval::manifold_figures(ref.tensor("real"), ref.tensor("fake"), 3);
  EXPECT_DOUBLE_EQ(m.precision, ref.manifest()["precision"].get<double>());
  EXPECT_DOUBLE_EQ(m.recall, ref.manifest()["recall"].get<double>());
  EXPECT_NEAR(m.density, ref.manifest()["density"].get<double>(), 1e-12);
  EXPECT_DOUBLE_EQ(m.coverage, ref.manifest()["coverage"].get<double>());
}

}  // namespace
}  // namespace genlab
