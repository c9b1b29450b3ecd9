// Tiling many same-sized images into one picture (sample grids, reconstructions). Torch-free.
#pragma once

#include <cstdint>
#include <vector>

#include "genlab/image/image.h"

namespace genlab::image {

// Lays images out in rows of `cols` (0: a near-square grid; more than the number of images is
// reduced to it), separated and framed by `pad` pixels of `pad_value`. All images must have the same size and channels (throws InternalError otherwise).
Image tile(const std::vector<Image>& images, int cols = 0, int pad = 2, uint8_t pad_value = 64);

// Nearest-neighbour upscale by an integer factor (for small images in reports).
Image upscale(const Image& image, int factor);

// Grey -> RGB (replicated) or RGB -> grey (ITU-R BT.601 luma, rounded); identity when equal.
Image convert_channels(const Image& image, int channels);

}  // namespace genlab::image
