// An 8-bit image in memory: the one picture type shared by PNG/GIF I/O, sample grids and the public
// API. Torch-free and public.
#pragma once

#include <cstdint>
#include <vector>

namespace genlab {

struct Image {
  int width = 0;                // pixels
  int height = 0;               // pixels
  int channels = 1;             // 1 = grey, 3 = RGB
  std::vector<uint8_t> pixels;  // row-major, channels interleaved: size = width * height * channels
};

}  // namespace genlab
