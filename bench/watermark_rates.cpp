// bench_watermark_rates: measures genlab's watermark error rates on real data and real samples.
//   text  false positives: every non-overlapping 200-token passage of the KJV and Russian fortunes
//         corpora (human text, never watermarked), char and BPE-2000 tokenizers, 20 keys, z >= 4.26;
//         true positives: text sampled from a token BIGRAM model fitted on the corpus (a stand-in
//         for a neural model, made with the real Sampler + TextWatermark), clean and with 10/20/30 %
//         of tokens replaced at random; the length the char tokenizer needs for TPR >= 0.95.
//   image false positives on Fashion-MNIST test images at a threshold calibrated on training images
//         only; true positives on watermarked test images, clean and attacked; PSNR.
//   verify: signed PNG, GIF, WAV, MIDI and text files untouched and tampered (one byte/pixel, record
//         edited, another key), counted by what verify_file reports (verify_rates.cpp).
//   models: with --text-model RUN and --image-model RUN (each repeatable), the same measurements on a
//         trained model's own samples, plus the quality cost (watermark_models.cpp).
// Prints markdown tables to stdout (bench/watermark appends them to bench/RESULTS.md) and progress
// to stderr. Counts carry one-sided 95 % Clopper-Pearson upper bounds.
//
// usage: bench_watermark_rates [--quick] [--keys N] [--trials N] [--fashion-mnist DIR]
//          [--text-model RUN]... [--image-model RUN]... [--model-trials N] [--models-only]
#include "watermark_rates.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "genlab/backend/runtime.h"
#include "genlab/core/clopper_pearson.h"
#include "genlab/core/error.h"
#include "genlab/data/text_corpus.h"
#include "genlab/provenance/keys.h"
#include "genlab/sample/rng.h"

namespace genlab::bench {
namespace {

constexpr const char* k_usage =
    "bench_watermark_rates [--quick] [--keys N] [--trials N] [--fashion-mnist DIR] [--text-model RUN]... "
    "[--image-model RUN]... [--model-trials N] [--models-only]";

const auto k_start = std::chrono::steady_clock::now();

double elapsed_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now() - k_start).count(); }

size_t count_code_points(const std::string& text) {
  size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

provenance::WatermarkKey bench_key(int k) {
  uint64_t state = 0x6e6c6162ULL + static_cast<uint64_t>(k);
  provenance::Seed seed{};
  for (size_t i = 0; i < seed.size(); i += 8) {
    const uint64_t word = sample::splitmix64(state);
    for (size_t j = 0; j < 8; ++j) seed[i + j] = static_cast<uint8_t>(word >> (8 * j));
  }
  return provenance::derive_watermark_key(provenance::key_pair_from_seed(seed));
}

void parallel_for(int64_t n, const std::function<void(int64_t)>& body) {
  const int64_t threads = std::max<int64_t>(1, std::min<int64_t>(n, std::thread::hardware_concurrency()));
  std::exception_ptr error;
  std::mutex error_mutex;
  std::vector<std::thread> pool;
  for (int64_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        for (int64_t i = t; i < n; i += threads) body(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    });
  for (std::thread& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
}

double Count::upper95() const { return core::clopper_pearson_upper(hits, trials, 0.95); }

std::string format_rate(double rate) {
  char buffer[32];
  if (rate == 0) return "0";
  std::snprintf(buffer, sizeof buffer, rate < 1e-3 ? "%.2g" : "%.4f", rate);
  return buffer;
}

Summary summarize(const std::vector<double>& values) {
  Summary s;
  if (values.empty()) return s;
  double sum = 0, squares = 0;
  s.max = values.front();
  for (const double v : values) {
    sum += v;
    squares += v * v;
    s.max = std::max(s.max, v);
  }
  const double n = static_cast<double>(values.size());
  s.mean = sum / n;
  s.sd = std::sqrt(std::max(0.0, squares / n - s.mean * s.mean));
  return s;
}

void progress(const std::string& what) { std::fprintf(stderr, "watermark: [%6.1f s] %s\n", elapsed_s(), what.c_str()); }

std::vector<TextSetting> load_text_settings() {
  std::vector<TextSetting> settings;
  for (const char* corpus_name : {"kjv", "fortunes-ru"}) {
    const data::TextCorpus corpus = data::builtin_corpus(corpus_name);
    const double chars = static_cast<double>(count_code_points(corpus.text));
    for (const char* kind : {"char", "bpe"}) {
      text::TokenizerConfig config;
      config.kind = kind;
      config.vocab_size = 2000;
      TextSetting s;
      s.corpus = corpus_name;
      s.tokenizer = text::train_tokenizer(config, corpus.text);
      s.ids = s.tokenizer->encode(corpus.text);
      s.chars_per_token = chars / static_cast<double>(s.ids.size());
      progress(s.name() + ": " + std::to_string(s.ids.size()) + " tokens, vocabulary " +
               std::to_string(s.tokenizer->vocab_size()));
      settings.push_back(std::move(s));
    }
  }
  return settings;
}

}  // namespace genlab::bench

int main(int argc, char** argv) try {
  using namespace genlab::bench;
  RatesOptions options;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--quick")) {
      options.quick = true;
    } else if (!std::strcmp(argv[i], "--keys") && has_value) {
      options.keys = std::stoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--trials") && has_value) {
      options.trials = std::stoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--fashion-mnist") && has_value) {
      options.fashion_dir = argv[++i];
    } else if (!std::strcmp(argv[i], "--text-model") && has_value) {
      options.text_models.push_back(argv[++i]);
    } else if (!std::strcmp(argv[i], "--image-model") && has_value) {
      options.image_models.push_back(argv[++i]);
    } else if (!std::strcmp(argv[i], "--model-trials") && has_value) {
      options.model_trials = std::stoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--models-only")) {
      options.models_only = true;
    } else {
      throw genlab::Error(std::string("unknown option ") + argv[i] + "; usage: " + k_usage);
    }
  }
  if (options.quick) {
    options.subsample = 20;
    options.trials = std::min(options.trials, 50);
  }
  if (options.keys < 1 || options.trials < 1 || options.model_trials < 1)
    throw genlab::Error("--keys, --trials and --model-trials must be >= 1");
  genlab::backend::init_runtime(1);  // one thread per sample; parallel_for runs two at once

  std::printf(
      "Watermark error rates%s: text gamma 0.25, delta 2, verdict z >= 4.26 (one-sided normal tail 1e-5); "
      "image amplitude 3, shift search +-1.\n\n",
      options.quick ? " (--quick: 1/20 of passages and images, 50 trials)" : "");
  if (!options.models_only) {
    const std::vector<TextSetting> settings = load_text_settings();
    run_text_false_positives(options, settings);
    run_text_true_positives(options, settings);
  }
  if (!options.models_only) run_verify_rates(options);
  for (const auto& run : options.text_models) run_model_text_rates(options, run);
  if (!options.models_only || !options.image_models.empty()) {
    const ImageCalibration calibration = calibrate_image_threshold(options);
    if (!options.models_only) run_image_rates(options, calibration);
    for (const auto& run : options.image_models) run_model_image_rates(options, run, calibration.threshold);
  }
  progress("done");
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_watermark_rates: error: %s\n", e.what());
  return 1;
}
