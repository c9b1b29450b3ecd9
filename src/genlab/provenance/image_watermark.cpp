// Spread-spectrum image watermark on luminance (see the header and docs/watermark.md): embedding adds
// the keyed +-1 pattern; detection correlates a locally standardised high-pass residual with it.
#include "genlab/provenance/image_watermark.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "genlab/core/check.h"
#include "genlab/core/mix64.h"

namespace genlab::provenance {
namespace {

constexpr std::string_view k_key_context = "genlab image watermark v1";
constexpr uint64_t k_golden = 0x9e3779b97f4a7c15ULL;

void check_image(const Image& image) {
  if (image.channels != 1 && image.channels != 3)
    fail("image watermark: {} channels are not supported; valid: 1 (grey) or 3 (RGB)", image.channels);
  if (image.width < 3 || image.height < 3)
    fail("image watermark: a {}x{} image is too small; valid: at least 3x3 (28x28 and up recommended)", image.width,
         image.height);
  const size_t expected = static_cast<size_t>(image.width) * image.height * image.channels;
  if (image.pixels.size() != expected)
    fail("image watermark: pixel buffer holds {} bytes; expected {} for {}x{}x{}", image.pixels.size(), expected,
         image.width, image.height, image.channels);
}

void check_params(const ImageWatermarkParams& p) {
  if (p.amplitude < 1 || p.amplitude > 16)
    fail("image watermark: amplitude = {} is out of range; valid: 1..16, e.g. 3", p.amplitude);
  if (p.search_radius < 0 || p.search_radius > 4)
    fail("image watermark: search_radius = {} is out of range; valid: 0..4", p.search_radius);
  if (!std::isfinite(p.z_threshold))
    fail("image watermark: z_threshold = {} is out of range; valid: a finite number", p.z_threshold);
}

uint64_t pattern_seed(const WatermarkKey& key) {
  GENLAB_CHECK(sodium_init() >= 0, "libsodium failed to initialise");
  unsigned char out[8];
  const int rc = crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(k_key_context.data()),
                                    k_key_context.size(), key.data(), key.size());
  GENLAB_CHECK(rc == 0, "crypto_generichash failed");
  uint64_t seed = 0;
  for (int i = 7; i >= 0; --i) seed = (seed << 8) | out[i];
  return seed;
}

int pattern(uint64_t seed, int x, int y) {
  const uint64_t position = static_cast<uint64_t>(static_cast<uint32_t>(y)) << 32 | static_cast<uint32_t>(x);
  return (core::mix64(seed ^ (position * k_golden)) >> 63) ? 1 : -1;
}

std::vector<double> luminance(const Image& image) {
  const size_t n = static_cast<size_t>(image.width) * image.height;
  std::vector<double> y(n);
  for (size_t i = 0; i < n; ++i) {
    if (image.channels == 1) {
      y[i] = image.pixels[i];
    } else {
      const uint8_t* p = &image.pixels[i * 3];
      y[i] = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    }
  }
  return y;
}

// The detector's per-pixel statistic t = r / (mean of r^2 over the 3x3 window + floor) on interior
// pixels (0 on the border), where r = 8 (Y - median of the 8 neighbours). r removes the smooth
// picture, edges and any brightness offset (the median follows an edge where a mean would smear
// it, and ignores an outlying neighbour); dividing by the local residual power weights each pixel by
// the inverse of its local noise variance, the matched-filter weighting: flat areas, where the
// pattern dominates, count most, and texture or generator noise, where it is buried, counts little.
// floor = 64 is r's power for about one grey level, so a perfectly flat area does not divide by ~0.
std::vector<double> standardised_residual(const std::vector<double>& y, int width, int height) {
  auto at = [width](int row, int col) { return static_cast<size_t>(row * width + col); };
  std::vector<double> r(y.size(), 0.0), t(y.size(), 0.0);
  for (int row = 1; row + 1 < height; ++row) {
    for (int col = 1; col + 1 < width; ++col) {
      double neighbours[8];
      int k = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
          if (dx != 0 || dy != 0) neighbours[k++] = y[at(row + dy, col + dx)];
      std::nth_element(neighbours, neighbours + 4, neighbours + 8);  // [4]: the 5th smallest
      const double median = 0.5 * (*std::max_element(neighbours, neighbours + 4) + neighbours[4]);
      const double value = 8 * (y[at(row, col)] - median);
      r[at(row, col)] = std::abs(value) > 1e-9 ? value : 0.0;  // RGB luminance sums are inexact
    }
  }
  for (int row = 1; row + 1 < height; ++row) {
    for (int col = 1; col + 1 < width; ++col) {
      double energy = 0;
      int count = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int rr = row + dy, cc = col + dx;
          if (rr < 1 || cc < 1 || rr + 1 >= height || cc + 1 >= width) continue;
          energy += r[at(rr, cc)] * r[at(rr, cc)];
          ++count;
        }
      t[at(row, col)] = r[at(row, col)] / (energy / count + 64.0);
    }
  }
  return t;
}

}  // namespace

Image embed_image_watermark(const Image& image, const WatermarkKey& key, const ImageWatermarkParams& params) {
  check_image(image);
  check_params(params);
  const uint64_t seed = pattern_seed(key);
  Image out = image;
  for (int row = 0; row < image.height; ++row) {
    for (int col = 0; col < image.width; ++col) {
      const int change = params.amplitude * pattern(seed, col, row);
      const size_t base = (static_cast<size_t>(row) * image.width + col) * image.channels;
      for (int c = 0; c < image.channels; ++c) {
        uint8_t& v = out.pixels[base + static_cast<size_t>(c)];
        v = static_cast<uint8_t>(std::clamp(v + change, 0, 255));
      }
    }
  }
  return out;
}

ImageDetection detect_image_watermark(const Image& image, const WatermarkKey& key, const ImageWatermarkParams& params) {
  check_image(image);
  check_params(params);
  const uint64_t seed = pattern_seed(key);
  const int w = image.width, h = image.height, radius = params.search_radius;
  const std::vector<double> t = standardised_residual(luminance(image), w, h);

  ImageDetection best;
  best.z = -std::numeric_limits<double>::infinity();
  for (int dy = -radius; dy <= radius; ++dy) {
    for (int dx = -radius; dx <= radius; ++dx) {
      double sum = 0, squares = 0;
      int64_t n = 0;
      for (int row = 1; row + 1 < h; ++row) {
        const int py = row - dy;
        if (py < 0 || py >= h) continue;
        for (int col = 1; col + 1 < w; ++col) {
          const int px = col - dx;
          const double v = t[static_cast<size_t>(row * w + col)];
          if (px < 0 || px >= w || v == 0) continue;
          sum += v * pattern(seed, px, py);
          squares += v * v;
          ++n;
        }
      }
      const double z = n > 0 ? sum / std::sqrt(squares) : 0.0;
      if (z > best.z) {
        best.z = z;
        best.shift_x = dx;
        best.shift_y = dy;
        best.pixels_scored = n;
      }
    }
  }
  const double shifts = static_cast<double>((2 * radius + 1) * (2 * radius + 1));
  best.p_value = std::min(1.0, shifts * 0.5 * std::erfc(best.z / std::sqrt(2.0)));  // Bonferroni over shifts
  best.watermarked = best.z >= params.z_threshold;
  return best;
}

double psnr(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height || a.channels != b.channels || a.pixels.size() != b.pixels.size())
    fail("psnr: images differ in shape ({}x{}x{} vs {}x{}x{})", a.width, a.height, a.channels, b.width, b.height,
         b.channels);
  double squared = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) {
    const double d = static_cast<double>(a.pixels[i]) - b.pixels[i];
    squared += d * d;
  }
  if (squared == 0) return std::numeric_limits<double>::infinity();
  const double mse = squared / static_cast<double>(a.pixels.size());
  return 10 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace genlab::provenance
