// Tensor batch -> 8-bit images (see tensor_image.h).
#include "genlab/image/tensor_image.h"

#include <cstring>

#include "genlab/core/check.h"

namespace genlab::image {

std::vector<Image> to_images(const torch::Tensor& batch) {
  GENLAB_CHECK(batch.dim() == 4, "to_images expects (N, C, H, W), got {} dims", batch.dim());
  // (N, C, H, W) float -> (N, H, W, C) uint8, interleaved as Image stores it.
  auto bytes = batch.detach().to(torch::kCPU, torch::kFloat32).clamp(0, 1).mul(255).round()
                   .to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous();
  const int64_t n = bytes.size(0), h = bytes.size(1), w = bytes.size(2), c = bytes.size(3);
  std::vector<Image> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    Image& im = out[i];
    im.width = static_cast<int>(w);
    im.height = static_cast<int>(h);
    im.channels = static_cast<int>(c);
    im.pixels.resize(static_cast<size_t>(h * w * c));
    std::memcpy(im.pixels.data(), bytes[i].data_ptr<uint8_t>(), im.pixels.size());
  }
  return out;
}

}  // namespace genlab::image
