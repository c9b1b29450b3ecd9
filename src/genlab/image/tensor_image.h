// Tensors <-> Images: (N, C, H, W) floats in [0, 1] become 8-bit images (rounded, clamped).
#pragma once

#include <vector>

#include "genlab/backend/torch.h"
#include "genlab/image/image.h"

namespace genlab::image {

std::vector<Image> to_images(const torch::Tensor& batch);

}  // namespace genlab::image
