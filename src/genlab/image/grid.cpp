// Sample grids: tiling same-sized images with a frame, integer upscaling and channel conversion.
// Pixel copying only; no resampling filters beyond nearest neighbour.
#include "genlab/image/grid.h"

#include <cmath>
#include <cstring>

#include "genlab/core/check.h"

namespace genlab::image {

Image tile(const std::vector<Image>& images, int cols, int pad, uint8_t pad_value) {
  GENLAB_CHECK(!images.empty(), "tile: no images");
  GENLAB_CHECK(pad >= 0 && cols >= 0, "tile: cols {} and pad {} must not be negative", cols, pad);
  const Image& first = images[0];
  for (const Image& im : images)
    GENLAB_CHECK(im.width == first.width && im.height == first.height &&
                     im.channels == first.channels &&
                     im.pixels.size() == static_cast<size_t>(im.width) * im.height * im.channels,
                 "tile: image {}x{}x{} differs from the first, {}x{}x{}", im.width, im.height,
                 im.channels, first.width, first.height, first.channels);

  const int n = static_cast<int>(images.size());
  if (cols == 0) cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  if (cols > n) cols = n;  // a single short row needs no empty cells after it
  const int rows = (n + cols - 1) / cols;
  const int w = first.width, h = first.height, ch = first.channels;

  Image out;
  out.width = cols * w + (cols + 1) * pad;
  out.height = rows * h + (rows + 1) * pad;
  out.channels = ch;
  out.pixels.assign(static_cast<size_t>(out.width) * out.height * ch, pad_value);
  const size_t row_bytes = static_cast<size_t>(w) * ch;
  for (int i = 0; i < n; ++i) {
    const int x0 = pad + (i % cols) * (w + pad);
    const int y0 = pad + (i / cols) * (h + pad);
    for (int y = 0; y < h; ++y)
      std::memcpy(&out.pixels[(static_cast<size_t>(y0 + y) * out.width + x0) * ch],
                  &images[i].pixels[y * row_bytes], row_bytes);
  }
  return out;
}

Image upscale(const Image& image, int factor) {
  GENLAB_CHECK(factor >= 1, "upscale: factor {} must be >= 1", factor);
  Image out;
  out.width = image.width * factor;
  out.height = image.height * factor;
  out.channels = image.channels;
  out.pixels.resize(static_cast<size_t>(out.width) * out.height * out.channels);
  const int ch = image.channels;
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      for (int c = 0; c < ch; ++c)
        out.pixels[(static_cast<size_t>(y) * out.width + x) * ch + c] =
            image.pixels[(static_cast<size_t>(y / factor) * image.width + x / factor) * ch + c];
  return out;
}

Image convert_channels(const Image& image, int channels) {
  GENLAB_CHECK(channels == 1 || channels == 3, "convert_channels: {} channels; expected 1 or 3",
               channels);
  GENLAB_CHECK(image.channels == 1 || image.channels == 3,
               "convert_channels: image has {} channels; expected 1 or 3", image.channels);
  if (image.channels == channels) return image;
  Image out;
  out.width = image.width;
  out.height = image.height;
  out.channels = channels;
  const size_t n = static_cast<size_t>(image.width) * image.height;
  out.pixels.resize(n * channels);
  for (size_t i = 0; i < n; ++i) {
    if (channels == 3) {
      out.pixels[3 * i] = out.pixels[3 * i + 1] = out.pixels[3 * i + 2] = image.pixels[i];
    } else {
      // BT.601 luma in integer thousandths, rounded half up.
      const int r = image.pixels[3 * i], g = image.pixels[3 * i + 1], b = image.pixels[3 * i + 2];
      out.pixels[i] = static_cast<uint8_t>((299 * r + 587 * g + 114 * b + 500) / 1000);
    }
  }
  return out;
}

}  // namespace genlab::image
