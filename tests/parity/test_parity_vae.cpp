// Parity of the vae family with pytorch/examples/vae in Python PyTorch: same initial weights,
// batches and reparameterisation noise. Re-synced steps agree within 1e-5 relative, a 30-step
// trajectory (Adam 1e-3) within 1e-3.
#include <gtest/gtest.h>

#include "genlab/models/vae.h"
#include "genlab/train/step_context.h"
#include "parity/reference_run.h"

namespace genlab {
namespace {

using testing::ReferenceRun;
using testing::relative_difference;

class VaeParity : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ReferenceRun::available())
      GTEST_SKIP() << "/usr/bin/python3 with torch (Debian python3-torch) is needed: scripts/setup.sh --test";
    m_ref = std::make_unique<ReferenceRun>("vae_reference.py", "--steps 30 --resync 10 --threads 1");
    torch::set_num_threads(1);
  }

  double run(int n, bool resync, double tolerance) {
    models::VaeConfig c;
    c.channels = 1;
    c.height = 28;
    c.width = 28;
    models::Vae vae(c);
    m_ref->set_weights(vae, "init");
    train::TrainConfig tc;
    tc.lr = 1e-3;
    train::OptimizerSteps steps(vae, tc, torch::kCPU);
    const auto x = m_ref->tensor("x"), eps = m_ref->tensor("eps");
    double worst = 0;
    for (int s = 0; s < n; ++s) {
      if (resync) m_ref->set_weights(vae, "step" + std::to_string(s));
      auto [bce, kld] = vae.loss_terms(x[s].reshape({-1, 1, 28, 28}), eps[s]);
      auto loss = bce + kld;
      steps.update("main", loss);
      const double rel = relative_difference(loss.item<double>(), m_ref->manifest()["loss"][s].get<double>());
      worst = std::max(worst, rel);
      EXPECT_LT(rel, tolerance) << "step " << s << " loss " << loss.item<double>();
    }
    return worst;
  }

  std::unique_ptr<ReferenceRun> m_ref;
};

TEST_F(VaeParity, ResyncedStepsMatchWithin1e5) {
  std::printf("vae, 10 re-synced steps: max relative loss difference %.3g (OK below 1e-5)\n",
              run(10, /*resync=*/true, 1e-5));
}

TEST_F(VaeParity, ThirtyStepTrajectoryMatchesWithin1e3) {
  std::printf("vae, 30-step trajectory: max relative loss difference %.3g (OK below 1e-3)\n",
              run(30, /*resync=*/false, 1e-3));
}

}  // namespace
}  // namespace genlab
