// Parity of gan-mlp with the same model in Python PyTorch (llm.c's test_gpt2 idea): the Python
// reference (gan_mlp_reference.py) writes initial weights, batches, noise, per-step weights and
// losses; genlab runs the same steps through its own model and optimizer code.
//  - re-synced: at each of the first steps genlab starts from the reference weights; D and G losses
//    must agree within 1e-5 relative;
//  - trajectory: 50 steps from the same initial weights; losses within 1e-3 relative.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

#include "genlab/core/atomic_file.h"
#include "genlab/models/mlp_gan.h"
#include "genlab/train/step_context.h"
#include "support/temp_dir.h"

namespace genlab {
namespace {

class GanParity : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") != 0)
      GTEST_SKIP() << "/usr/bin/python3 with torch (Debian python3-torch) is needed: scripts/setup.sh --test";
    const std::string cmd = std::string("/usr/bin/python3 ") + GENLAB_PARITY_DIR +
                            "/gan_mlp_reference.py " + m_tmp.path() + " --steps 50 --resync 10 --threads 1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    m_manifest = nlohmann::json::parse(core::read_file(m_tmp.file("manifest.json")));
    torch::set_num_threads(1);
  }

  torch::Tensor load(const std::string& name) {
    const std::vector<int64_t> shape = m_manifest["tensors"].at(name).get<std::vector<int64_t>>();
    const std::string bytes = core::read_file(m_tmp.file(name + ".bin"));
    auto t = torch::empty(shape, torch::kFloat32);
    EXPECT_EQ(bytes.size(), static_cast<size_t>(t.numel()) * sizeof(float)) << name;
    std::memcpy(t.data_ptr<float>(), bytes.data(), bytes.size());
    return t;
  }

  void set_weights(models::MlpGan& gan, const std::string& prefix) {
    torch::NoGradGuard no_grad;
    for (auto& [name, module] : gan.modules())
      for (auto& item : module->named_parameters()) item.value().copy_(load(prefix + "." + name + "." + item.key()));
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

  static double rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-12); }

  testing::TempDir m_tmp;
  nlohmann::json m_manifest;
};

TEST_F(GanParity, ResyncedStepsMatchWithin1e5) {
  auto gan = make_gan();
  set_weights(gan, "init");
  train::OptimizerSteps steps(gan, adam_config(), torch::kCPU);
  const auto real = load("real"), noise = load("noise");
  const int resync = m_manifest["resync"].get<int>();
  double worst = 0;
  for (int s = 0; s < resync; ++s) {
    set_weights(gan, "step" + std::to_string(s));
    const auto figures = gan.step_with_noise(real[s], noise[s], steps);
    const double d_rel = rel(figures[0].second, m_manifest["d_loss"][s].get<double>());
    const double g_rel = rel(figures[1].second, m_manifest["g_loss"][s].get<double>());
    worst = std::max({worst, d_rel, g_rel});
    EXPECT_LT(d_rel, 1e-5) << "step " << s << " d_loss " << figures[0].second;
    EXPECT_LT(g_rel, 1e-5) << "step " << s << " g_loss " << figures[1].second;
  }
  std::printf("re-synced %d steps: max relative loss difference %.3g (OK below 1e-5)\n", resync, worst);
}

TEST_F(GanParity, FiftyStepTrajectoryMatchesWithin1e3) {
  auto gan = make_gan();
  set_weights(gan, "init");
  train::OptimizerSteps steps(gan, adam_config(), torch::kCPU);
  const auto real = load("real"), noise = load("noise");
  const int n = m_manifest["steps"].get<int>();
  double worst = 0;
  for (int s = 0; s < n; ++s) {
    const auto figures = gan.step_with_noise(real[s], noise[s], steps);
    const double d_rel = rel(figures[0].second, m_manifest["d_loss"][s].get<double>());
    const double g_rel = rel(figures[1].second, m_manifest["g_loss"][s].get<double>());
    worst = std::max({worst, d_rel, g_rel});
    EXPECT_LT(d_rel, 1e-3) << "step " << s;
    EXPECT_LT(g_rel, 1e-3) << "step " << s;
  }
  std::printf("%d-step trajectory: max relative loss difference %.3g (OK below 1e-3)\n", n, worst);
}

}  // namespace
}  // namespace genlab
