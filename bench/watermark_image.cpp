// Image half of bench_watermark_rates: Fashion-MNIST false positives at a threshold calibrated on
// training images only, true positives on watermarked test images (clean and attacked), and PSNR
// (see watermark_rates.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "genlab/core/check.h"
#include "genlab/data/idx.h"
#include "genlab/provenance/image_watermark.h"
#include "genlab/sample/rng.h"
#include "watermark_rates.h"

namespace genlab::bench {
namespace {

constexpr double k_target_fpr = 1e-5;

struct Images {
  int64_t count = 0, height = 0, width = 0;
  std::vector<uint8_t> data;
  Image at(int64_t i) const {
    Image image{static_cast<int>(width), static_cast<int>(height), 1, {}};
    const auto begin = data.begin() + i * height * width;
    image.pixels.assign(begin, begin + height * width);
    return image;
  }
};

Images load_images(const std::string& path) {
  data::IdxArray array = data::read_idx(path);
  if (array.dims.size() != 3)
    fail("{}: expected a 3-dimensional image array, got {} dimensions", path, array.dims.size());
  return Images{array.dims[0], array.dims[1], array.dims[2], std::move(array.data)};
}

uint8_t clip(double v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

// ====== Attacks ======

Image gaussian_noise(Image image, double sigma, uint64_t seed) {
  sample::Rng rng(seed);
  for (uint8_t& p : image.pixels) {  // Box-Muller
    const double u1 = 1.0 - rng.next_double(), u2 = rng.next_double();
    p = clip(p + sigma * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2));
  }
  return image;
}

Image requantise_6bit(Image image) {  // round to multiples of 4 (0..252)
  for (uint8_t& p : image.pixels) p = static_cast<uint8_t>(std::min(252L, 4 * std::lround(p / 4.0)));
  return image;
}

Image shift_right_1px(const Image& image) {  // content moves right; the left column repeats
  Image out = image;
  for (int y = 0; y < image.height; ++y)
    for (int x = 1; x < image.width; ++x) out.pixels[y * image.width + x] = image.pixels[y * image.width + x - 1];
  return out;
}

Image crop_1px(const Image& image) {  // drops the top row and the left column
  Image out{image.width - 1, image.height - 1, 1, {}};
  for (int y = 1; y < image.height; ++y)
    for (int x = 1; x < image.width; ++x) out.pixels.push_back(image.pixels[y * image.width + x]);
  return out;
}

Image brighten(Image image, int amount) {
  for (uint8_t& p : image.pixels) p = clip(p + amount);
  return image;
}

// z with P(max of 9 shifts >= z) <= 9 Q(z) = fpr (Bonferroni), by bisection on erfc.
double normal_threshold(double fpr, int shifts) {
  double lo = 0, hi = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (shifts * 0.5 * std::erfc(mid / std::sqrt(2.0)) > fpr ? lo : hi) = mid;
  }
  return hi;
}

std::vector<provenance::WatermarkKey> bench_keys(int count) {
  std::vector<provenance::WatermarkKey> keys;
  for (int k = 0; k < count; ++k) keys.push_back(bench_key(k));
  return keys;
}

// Unmarked z-scores, key-major: index = key * images + image.
std::vector<double> unmarked_z(const Images& images, const std::vector<provenance::WatermarkKey>& keys, int subsample,
                               const char* what) {
  const provenance::ImageWatermarkParams params;
  const int64_t n = images.count / subsample, trials = n * static_cast<int64_t>(keys.size());
  std::vector<double> z(trials);
  parallel_for(trials, [&](int64_t i) {
    const Image image = images.at((i % n) * subsample);
    z[i] = provenance::detect_image_watermark(image, keys[i / n], params).z;
  });
  progress(std::string("image ") + what + ": " + std::to_string(trials) + " detections done");
  return z;
}

}  // namespace

std::vector<ImageAttack> image_attacks() {
  return {
      {"clean", [](const Image& m, int64_t) { return m; }},
      {"Gaussian noise sigma 2", [](const Image& m, int64_t i) { return gaussian_noise(m, 2, 2000 + i); }},
      {"Gaussian noise sigma 5", [](const Image& m, int64_t i) { return gaussian_noise(m, 5, 5000000 + i); }},
      {"re-quantised to 6 bits (multiples of 4)", [](const Image& m, int64_t) { return requantise_6bit(m); }},
      {"shifted 1 px right", [](const Image& m, int64_t) { return shift_right_1px(m); }},
      {"cropped 1 px (top row, left column)", [](const Image& m, int64_t) { return crop_1px(m); }},
      {"brightness +10", [](const Image& m, int64_t) { return brighten(m, 10); }},
  };
}

ImageCalibration calibrate_image_threshold(const RatesOptions& options) {
  const Images train = load_images(options.fashion_dir + "/train-images-idx3-ubyte.gz");
  const provenance::ImageWatermarkParams params;
  const std::vector<provenance::WatermarkKey> keys = bench_keys(options.keys);
  const int shifts = (2 * params.search_radius + 1) * (2 * params.search_radius + 1);
  ImageCalibration c;
  c.train_z = unmarked_z(train, keys, options.subsample, "calibration (train, unmarked)");
  c.normal = normal_threshold(k_target_fpr, shifts);
  std::vector<double> sorted = c.train_z;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  c.rank = static_cast<size_t>(std::ceil(k_target_fpr * static_cast<double>(sorted.size())));
  c.empirical = sorted[c.rank - 1];
  c.threshold = std::max(c.normal, c.empirical);
  return c;
}

void run_image_rates(const RatesOptions& options, const ImageCalibration& calibration) {
  const Images test = load_images(options.fashion_dir + "/t10k-images-idx3-ubyte.gz");
  const provenance::ImageWatermarkParams params;
  const std::vector<provenance::WatermarkKey> keys = bench_keys(options.keys);
  const int shifts = (2 * params.search_radius + 1) * (2 * params.search_radius + 1);
  const std::vector<double>& train_z = calibration.train_z;
  const double normal = calibration.normal, empirical = calibration.empirical, threshold = calibration.threshold;
  const size_t rank = calibration.rank;
  const size_t calibrated = train_z.size();

  const std::vector<double> test_z = unmarked_z(test, keys, options.subsample, "false positives (test, unmarked)");
  const int64_t test_n = test.count / options.subsample;
  Count fp, fp_key0, train_hits;
  fp.trials = static_cast<int64_t>(test_z.size());
  fp_key0.trials = test_n;
  train_hits.trials = static_cast<int64_t>(train_z.size());
  const int64_t train_n = static_cast<int64_t>(calibrated) / options.keys;
  std::vector<int64_t> key_test_hits(options.keys, 0), key_train_hits(options.keys, 0);
  for (size_t i = 0; i < test_z.size(); ++i) key_test_hits[static_cast<int64_t>(i) / test_n] += test_z[i] >= threshold;
  for (size_t i = 0; i < train_z.size(); ++i)
    key_train_hits[static_cast<int64_t>(i) / train_n] += train_z[i] >= threshold;
  for (int k = 0; k < options.keys; ++k) {
    fp.hits += key_test_hits[k];
    train_hits.hits += key_train_hits[k];
  }
  fp_key0.hits = key_test_hits[0];
  const int worst =
      static_cast<int>(std::max_element(key_train_hits.begin(), key_train_hits.end()) - key_train_hits.begin());
  const Summary train_s = summarize(train_z), test_s = summarize(test_z);

  std::printf(
      "### Images: Fashion-MNIST (28x28 grey)\n\n"
      "Threshold, from training images only: the larger of the normal-tail value for FPR 1e-5 with "
      "the Bonferroni factor %d for the shift search (%.3f) and the empirical (1 - 1e-5) quantile of "
      "unmarked training z over %d keys (the %zu-th largest of %zu: %.3f) -> **z >= %.3f**. "
      "False positives: unmarked test images under the same %d keys, each key x image one trial.\n\n",
      shifts, normal, options.keys, rank, calibrated, empirical, threshold, options.keys);
  std::printf(
      "| unmarked images | images | trials | z >= %.3f | rate | 95 %% upper | key 0 alone | key %d (most training "
      "hits) alone | mean z | s.d. z | max z |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
      threshold, worst);
  std::printf("| train (calibration) | %lld | %lld | %lld | %s | | %lld / %lld | %lld / %lld | %.3f | %.3f | %.2f |\n",
              static_cast<long long>(train_n), static_cast<long long>(train_hits.trials),
              static_cast<long long>(train_hits.hits), format_rate(train_hits.rate()).c_str(),
              static_cast<long long>(key_train_hits[0]), static_cast<long long>(train_n),
              static_cast<long long>(key_train_hits[worst]), static_cast<long long>(train_n), train_s.mean, train_s.sd,
              train_s.max);
  std::printf("| **test** | %lld | %lld | %lld | %s | **%s** | %lld / %lld | %lld / %lld | %.3f | %.3f | %.2f |\n\n",
              static_cast<long long>(test_n), static_cast<long long>(fp.trials), static_cast<long long>(fp.hits),
              format_rate(fp.rate()).c_str(), format_rate(fp.upper95()).c_str(), static_cast<long long>(fp_key0.hits),
              static_cast<long long>(test_n), static_cast<long long>(key_test_hits[worst]),
              static_cast<long long>(test_n), test_s.mean, test_s.sd, test_s.max);

  const std::vector<ImageAttack> attacks = image_attacks();
  const size_t a_count = attacks.size();
  std::vector<double> z(static_cast<size_t>(test_n) * a_count), psnr(test_n);
  parallel_for(test_n, [&](int64_t i) {
    const Image original = test.at(i * options.subsample);
    const Image marked = provenance::embed_image_watermark(original, keys[0], params);
    psnr[i] = provenance::psnr(marked, original);
    for (size_t a = 0; a < a_count; ++a)
      z[i * a_count + a] = provenance::detect_image_watermark(attacks[a].apply(marked, i), keys[0], params).z;
  });
  progress("image true positives done");
  const Summary psnr_s = summarize(psnr);
  std::printf(
      "True positives: %lld watermarked test images (key 0, amplitude 3; they stand in for generated "
      "images), detected at z >= %.3f. PSNR marked vs unmarked: mean %.2f dB (s.d. %.2f).\n\n"
      "| watermarked image | TPR | mean z | min z |\n|---|---|---|---|\n",
      static_cast<long long>(test_n), threshold, psnr_s.mean, psnr_s.sd);
  for (size_t a = 0; a < a_count; ++a) {
    std::vector<double> za;
    for (int64_t i = 0; i < test_n; ++i) za.push_back(z[i * a_count + a]);
    const double hits =
        static_cast<double>(std::count_if(za.begin(), za.end(), [&](double v) { return v >= threshold; }));
    std::printf("| %s | %s | %.2f | %.2f |\n", attacks[a].name, format_rate(hits / static_cast<double>(test_n)).c_str(),
                summarize(za).mean, *std::min_element(za.begin(), za.end()));
  }
  std::printf("\n");
}

}  // namespace genlab::bench
