// Parity of gan-mlp with the same model in Python PyTorch (llm.c's test_gpt2 idea): the Python
// reference (gan_mlp_reference.py) writes initial weights, batches, noise, per-step weights and
// losses; genlab runs the same steps through its own model and optimizer code.
//  - re-synced: at each of the first steps genlab starts from the reference weights; D and G losses
//    must agree within 1e-5 relative;
//  - trajectory: 50 steps from the same initial weights; losses within 1e-3 relative.
#include <gtest/gtest.h>

#include "genlab/models/mlp_gan.h"
#include "genlab/train/step_context.h"
#include "parity/reference_run.h"

namespace genlab {
namespace {

using testing::ReferenceRun;
using testing::relative_difference;

class GanParity : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ReferenceRun::available())
      GTEST_SKIP() << "/usr/bin/python3 with torch (Debian python3-torch) is needed: scripts/setup.sh --test";
    m_ref = std::make_unique<ReferenceRun>("gan_mlp_reference.py", "--steps 50 --resync 10 --threads 1");
    torch::set_num_threads(1);
  }

  static models::MlpGan make_gan() {
    models::MlpGanConfig c;
    c.channels = 1;
    c.height = 28;
    c.width = 28;
    return models::MlpGan(c);
  }

  static train::TrainConfig adam_config() {
    train::TrainConfig c;
    c.optimizer = "adam";
    c.lr = 2e-4;
    c.beta1 = 0.5;
    c.beta2 = 0.999;
    return c;
  }

  // Runs steps [0, n), optionally starting each from the reference weights; returns the largest
  // relative loss difference and checks each step against `tolerance`.
  double run(int n, bool resync, double tolerance) {
    auto gan = make_gan();
    m_ref->set_weights(gan, "init");
    train::OptimizerSteps steps(gan, adam_config(), torch::kCPU);
    const auto real = m_ref->tensor("real"), noise = m_ref->tensor("noise");
    const auto& m = m_ref->manifest();
    double worst = 0;
    for (int s = 0; s < n; ++s) {
      if (resync) m_ref->set_weights(gan, "step" + std::to_string(s));
      const auto figures = gan.step_with_noise(real[s], noise[s], steps);
      const double d_rel = relative_difference(figures[0].second, m["d_loss"][s].get<double>());
      const double g_rel = relative_difference(figures[1].second, m["g_loss"][s].get<double>());
      worst = std::max({worst, d_rel, g_rel});
      EXPECT_LT(d_rel, tolerance) << "step " << s << " d_loss " << figures[0].second;
      EXPECT_LT(g_rel, tolerance) << "step " << s << " g_loss " << figures[1].second;
    }
    return worst;
  }

  std::unique_ptr<ReferenceRun> m_ref;
};

TEST_F(GanParity, ResyncedStepsMatchWithin1e5) {
  const int n = m_ref->manifest()["resync"].get<int>();
  std::printf("gan-mlp, %d re-synced steps: max relative loss difference %.3g (OK below 1e-5)\n", n,
              run(n, /*resync=*/true, 1e-5));
}

TEST_F(GanParity, FiftyStepTrajectoryMatchesWithin1e3) {
  const int n = m_ref->manifest()["steps"].get<int>();
  std::printf("gan-mlp, %d-step trajectory: max relative loss difference %.3g (OK below 1e-3)\n", n,
              run(n, /*resync=*/false, 1e-3));
}

}  // namespace
}  // namespace genlab
