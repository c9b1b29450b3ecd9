// Tests for models/latent: slerp's endpoints and great-circle path, the walk's loop through its
// seeded anchors, and the traversal grid's layout.
#include <gtest/gtest.h>

#include <cmath>

#include "genlab/models/latent.h"

namespace genlab::models {
namespace {

TEST(Latent, SlerpFollowsTheGreatCircle) {
  const auto a = torch::tensor({1.0f, 0.0f}), b = torch::tensor({0.0f, 2.0f});
  EXPECT_TRUE(torch::allclose(slerp(a, b, 0), a));
  EXPECT_TRUE(torch::allclose(slerp(a, b, 1), b));
  // Halfway along the quarter circle: both coordinates weighted sin(pi/4) / sin(pi/2).
  const float w = std::sin(static_cast<float>(M_PI) / 4);
  EXPECT_TRUE(torch::allclose(slerp(a, b, 0.5), torch::tensor({w, 2 * w}), 1e-5, 1e-6));
  // Parallel points fall back to a straight line.
  EXPECT_TRUE(torch::allclose(slerp(a, a * 3, 0.5), a * 2));
}

TEST(Latent, WalkLoopsThroughSeededAnchors) {
  const auto z = walk_latents(8, 4, 12, 5);
  ASSERT_EQ(z.sizes(), (torch::IntArrayRef{12, 8}));
  auto gen = backend::make_cpu_generator(5);
  const auto anchors = torch::randn({4, 8}, gen);
  for (int k = 0; k < 4; ++k) EXPECT_TRUE(torch::allclose(z[3 * k], anchors[k])) << "anchor " << k;
  EXPECT_TRUE(torch::allclose(z[1], slerp(anchors[0], anchors[1], 1.0 / 3)));
  EXPECT_TRUE(torch::allclose(z[11], slerp(anchors[3], anchors[0], 2.0 / 3)));  // closing the loop
  EXPECT_TRUE(torch::equal(walk_latents(8, 4, 12, 5), z));
}

TEST(Latent, TraversalSweepsOneDimensionPerRow) {
  const auto z = traversal_latents(5, 3, 4, 1.5);
  ASSERT_EQ(z.sizes(), (torch::IntArrayRef{12, 5}));
  const float expected[] = {-1.5f, -0.5f, 0.5f, 1.5f};
  for (int r = 0; r < 3; ++r)
    for (int s = 0; s < 4; ++s) {
      EXPECT_FLOAT_EQ(z[r * 4 + s][r].item<float>(), expected[s]);
      EXPECT_EQ(z[r * 4 + s].abs().sum().item<float>(), std::abs(expected[s]));  // the others stay 0
    }
}

}  // namespace
}  // namespace genlab::models
