// Image watermark: a keyed spread-spectrum pattern of +-amplitude grey levels added to luminance,
// detected blind (key alone, no original) by correlating a locally variance-weighted high-pass residual
// with the pattern, reported as a z-score. For small 8-bit images (28x28 and up, grey or RGB). Survives
// mild noise, brightness changes and (with the shift search) shifts of a pixel or two; not
// rotation, scaling, cropping to another size or re-sampling. Spec: docs/watermark.md.
//
// Pattern: with seed = BLAKE2b-64(key, "genlab image watermark v1"),
//   w(x, y) = +1 if mix64(seed ^ ((y << 32 | x) * 0x9e3779b97f4a7c15)) has its top bit set, else -1.
// Embedding adds amplitude * w(x, y) to every channel (so luminance changes by exactly that before
// clipping to [0, 255]); PSNR is about 20 log10(255 / amplitude), 38.6 dB at amplitude 3.
#pragma once

#include <cstdint>

#include "genlab/image/image.h"
#include "genlab/provenance/watermark_key.h"

namespace genlab::provenance {

struct ImageWatermarkParams {
  int amplitude = 3;           // grey levels added or subtracted per pixel, 1..16 (3: PSNR ~38.6 dB)
  int search_radius = 1;       // the detector tries every shift within +-radius pixels, 0..4
  double z_threshold = 4.732;  // verdict: watermarked when the best shift's z >= this (FPR 1e-5 at radius 1)

  template <class V>
  void fields(V& v) {
    v("amplitude", amplitude, "grey levels added or subtracted per pixel, 1..16 (3: PSNR ~38.6 dB)");
    v("search_radius", search_radius, "the detector tries every shift within +-radius pixels, 0..4");
    v("z_threshold", z_threshold, "verdict: watermarked when the best shift's z >= this (4.732: FPR 1e-5)");
  }
};

struct ImageDetection {
  double z = 0;     // the best shift's correlation z-score (see detect_image_watermark)
  int shift_x = 0;  // the shift (pixels; content moved right/down is positive) at best z
  int shift_y = 0;
  int64_t pixels_scored = 0;  // pixels correlated at the best shift (interior, non-zero residual)
  double p_value = 1;         // one-sided normal tail at z times the number of shifts tried
  bool watermarked = false;   // z >= z_threshold
};

// Returns a copy of image with the pattern added. Throws Error "image watermark: <problem>" for an
// image smaller than 3x3, with 2 or 4 channels, or a pixel buffer of the wrong size, and for
// parameters out of range.
Image embed_image_watermark(const Image& image, const WatermarkKey& key, const ImageWatermarkParams& params = {});

// Blind detection. With luminance Y = 0.299 R + 0.587 G + 0.114 B, on interior pixels the residual
// r = 8 (Y - median of the 8 neighbours) and t = r / (mean of r^2 over the 3x3 window + 64) (inverse
// local variance weighting: edges, texture and generator noise do not drown the pattern where it is
// clear). For each shift (dx, dy) within the search radius,
// over pixels with t != 0 whose pattern coordinate (x - dx, y - dy) lies inside the image:
//   z = sum t(x, y) w(x - dx, y - dy) / sqrt(sum t^2)
// Without the watermark the pattern is independent of t, so z has mean 0 and variance 1 exactly
// (and is close to normal). Reports the best shift. Same errors as embed.
ImageDetection detect_image_watermark(const Image& image, const WatermarkKey& key,
                                      const ImageWatermarkParams& params = {});

// Peak signal-to-noise ratio in dB over every channel value, 10 log10(255^2 / MSE); infinity for
// identical images. Throws Error when the shapes differ.
double psnr(const Image& a, const Image& b);

}  // namespace genlab::provenance
