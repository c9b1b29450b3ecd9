// Shared pieces of bench_watermark_rates (watermark false- and true-positive rates, see
// watermark_rates.cpp): the run options, the bench's keys, a two-thread parallel loop and the
// counting helpers behind every table row. Bench code, not library code.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "genlab/image/image.h"
#include "genlab/provenance/watermark_key.h"
#include "genlab/sample/rng.h"
#include "genlab/text/tokenizer.h"

namespace genlab::bench {

struct RatesOptions {
  bool quick = false;  // subsample (1/20 of passages and images, 50 trials): a < 1 minute smoke run
  int keys = 20;       // keys per false-positive measurement (each key x item is one trial)
  int trials = 500;    // generated texts per (corpus, tokenizer) for the true-positive rates
  int subsample = 1;   // use every n-th passage / image in the false-positive counts
  std::string fashion_dir = "/usr/share/datasets/fashion-mnist";  // {train,t10k}-images-idx3-ubyte.gz
  std::vector<std::string> text_models;  // trained text runs whose own samples are measured
  std::vector<std::string> image_models;  // trained image runs whose own samples are measured
  int model_trials = 200;                // samples per model (each watermarked and plain)
  bool models_only = false;              // skip the human-data and n-gram sections
};

// Key k of the bench: derive_watermark_key(key_pair_from_seed(seed_k)), seed_k = 32 bytes of the
// splitmix64 stream started at 0x6e6c6162 + k. Key 0 is "the fixed key".
provenance::WatermarkKey bench_key(int k);

// Runs body(i) for i in [0, n) on hardware_concurrency() threads (interleaved), rethrowing the first
// exception. Results go into pre-sized vectors by index, so output does not depend on the threads.
void parallel_for(int64_t n, const std::function<void(int64_t)>& body);

// "x / n" counts with a Clopper-Pearson bound, formatted for a table cell.
struct Count {
  int64_t hits = 0;
  int64_t trials = 0;
  double rate() const { return trials ? static_cast<double>(hits) / static_cast<double>(trials) : 0.0; }
  // One-sided 95 % Clopper-Pearson upper bound on the rate.
  double upper95() const;
};

std::string format_rate(double rate);  // "0", "3.1e-05", "0.962"

// Mean, standard deviation and maximum of a sample.
struct Summary {
  double mean = 0, sd = 0, max = 0;
};
Summary summarize(const std::vector<double>& values);

// Progress line on stderr: "watermark: <what>" with the elapsed seconds since the program started.
void progress(const std::string& what);

// One (corpus, tokenizer) pair: the whole built-in corpus encoded by a tokenizer trained on it.
struct TextSetting {
  std::string corpus;                          // "kjv" | "fortunes-ru"
  std::unique_ptr<text::Tokenizer> tokenizer;  // char, or bpe with 2000 tokens
  std::vector<int32_t> ids;                    // the whole corpus, encoded
  double chars_per_token = 0;                  // code points of the corpus / ids.size()
  std::string name() const { return corpus + " " + tokenizer->kind(); }
};

// kjv and fortunes-ru, each with char and bpe-2000 tokenizers (4 settings).
std::vector<TextSetting> load_text_settings();

// ====== Attacks ======

// The text table's lengths (generated tokens) and shares of tokens replaced at random.
constexpr int64_t k_table_lengths[] = {50, 100, 200};
constexpr double k_replaced[] = {0.1, 0.2, 0.3};

// Replaces round(share * L) distinct tokens among tokens[1..L] (the generated part after a 1-token
// prompt) with uniformly random ids.
std::vector<int32_t> replace_at_random(std::vector<int32_t> tokens, double share, int32_t vocab, sample::Rng& rng);

struct ImageAttack {
  const char* name;
  std::function<Image(const Image&, int64_t)> apply;  // (marked image, image index) -> attacked
};
// clean, Gaussian noise (sigma 2 and 5), 6-bit re-quantisation, 1-px shift, 1-px crop, brightness.
std::vector<ImageAttack> image_attacks();

// ====== Sections; each prints its markdown tables to stdout ======

void run_text_false_positives(const RatesOptions& options, const std::vector<TextSetting>& settings);
void run_text_true_positives(const RatesOptions& options, const std::vector<TextSetting>& settings);

// The image verdict threshold calibrated on unmarked Fashion-MNIST training images only: the larger
// of the normal-tail value for FPR 1e-5 (Bonferroni over the shift search) and the empirical
// (1 - 1e-5) quantile of their z under every key.
struct ImageCalibration {
  double threshold = 0, normal = 0, empirical = 0;
  size_t rank = 0;             // empirical = the rank-th largest training z
  std::vector<double> train_z; // key-major: key * images + image
};
ImageCalibration calibrate_image_threshold(const RatesOptions& options);

// Fashion-MNIST false and true positives and PSNR at the calibrated threshold.
void run_image_rates(const RatesOptions& options, const ImageCalibration& calibration);

// The same measurements on a trained model's own samples (watermark_models.cpp): text TPR clean and
// attacked, false positives on its unwatermarked samples, and the perplexity cost; image TPR clean
// and attacked, and PSNR.
void run_model_text_rates(const RatesOptions& options, const std::string& run);
// Signed files of every container, untouched and tampered, through verify_file (verify_rates.cpp).
void run_verify_rates(const RatesOptions& options);
void run_model_image_rates(const RatesOptions& options, const std::string& run, double threshold);

}  // namespace genlab::bench
