// Model halves of bench_watermark_rates: the watermarks measured on a trained model's own samples
// rather than on stand-ins. Text: n samples of 600 tokens from a text run, each generated twice
// with the same seed (watermarked and plain), detected at 50/100/200 tokens clean and with 10/20/30 %
// of tokens replaced at random; false positives on the plain samples; the shortest prefix with TPR
// >= 0.95; and the quality cost: perplexity of each sample's tokens under the model's own
// (unbiased) next-token distribution. Images: n samples from an image run, watermarked, detected
// clean and attacked at the Fashion-MNIST-calibrated threshold; false positives on the unmarked
// samples; PSNR (see watermark_rates.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "genlab/core/check.h"
#include "genlab/image/tensor_image.h"
#include "genlab/models/serialize.h"
#include "genlab/provenance/image_watermark.h"
#include "genlab/provenance/text_watermark.h"
#include "genlab/sample/text_generation.h"
#include "genlab/text/utf8.h"
#include "watermark_rates.h"

namespace genlab::bench {
namespace {

constexpr int64_t k_generated = 600;  // tokens per sample; the table reads 50/100/200-token prefixes
constexpr double k_target_tpr = 0.95;

// One seed's sample: prompt + generated tokens, and the mean -log p of the generated tokens under
// the model's logits before any watermark bias (temperature 1, nothing else on).
struct TextSample {
  std::vector<int32_t> tokens;
  double nll = 0;
};

TextSample generate(models::Model& model, const text::Tokenizer& tokenizer, uint64_t seed,
                    const provenance::TextWatermark* watermark) {
  torch::NoGradGuard no_grad;
  sample::SamplerConfig config;
  config.seed = seed;
  sample::Sampler sampler(config);
  std::vector<std::vector<float>> raw;  // the model's logits at each step, before the bias
  sampler.add_step([&](std::vector<float>& logits, const std::vector<int32_t>&) { raw.push_back(logits); });
  if (watermark) sampler.add_step(*watermark);
  auto decoder = model.decoder({});
  sample::TextRequest request;
  request.max_tokens = k_generated;
  const auto result = sample::generate_text(*decoder, tokenizer, sampler, request, [](std::string_view) {});
  GENLAB_CHECK(result.prompt_tokens == 1 && raw.size() == result.tokens.size(), "prompt {} tokens, {} steps",
               result.prompt_tokens, raw.size());
  TextSample s;
  s.tokens = tokenizer.encode("\n");
  s.tokens.insert(s.tokens.end(), result.tokens.begin(), result.tokens.end());
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto& l = raw[i];
    const float top = *std::max_element(l.begin(), l.end());
    double sum = 0;
    for (float v : l) sum += std::exp(static_cast<double>(v - top));
    s.nll += (std::log(sum) + top - l[static_cast<size_t>(result.tokens[i])]) / static_cast<double>(raw.size());
  }
  return s;
}

std::vector<int32_t> prefix(const std::vector<int32_t>& tokens, int64_t generated) {
  return {tokens.begin(), tokens.begin() + 1 + generated};
}

}  // namespace

void run_model_text_rates(const RatesOptions& options, const std::string& run) {
  auto opened = models::open_model(run, torch::kCPU);
  if (!opened.data.tokenizer) fail("{}: not a text model (no tokenizer)", run);
  const text::Tokenizer& tokenizer = *opened.data.tokenizer;
  const provenance::TextWatermark watermark(bench_key(0));
  const int64_t n = options.quick ? std::min(options.model_trials, 40) : options.model_trials;
  std::vector<TextSample> marked(n), plain(n);
  parallel_for(2 * n, [&](int64_t i) {
    const uint64_t seed = 1000 + static_cast<uint64_t>(i / 2);
    if (i % 2 == 0)
      marked[i / 2] = generate(*opened.model, tokenizer, seed, &watermark);
    else
      plain[i / 2] = generate(*opened.model, tokenizer, seed, nullptr);
  });
  progress("model text " + run + ": " + std::to_string(2 * n) + " samples done");

  int64_t chars = 0;
  for (const auto& s : marked) chars += text::count_code_points(tokenizer.decode(prefix(s.tokens, k_generated)));
  const double chars_per_token = static_cast<double>(chars) / static_cast<double>(n * (k_generated + 1));
  const int32_t vocab = tokenizer.vocab_size();
  std::printf(
      "### Text: a trained model's own samples: %s (%s, %s tokenizer, %d tokens, step %lld)\n\n"
      "%lld seeds, each sampled twice for %lld tokens after a newline prompt (temperature 1, nothing else on): "
      "watermarked (gamma 0.25, delta 2, key 0) and plain. Detection scores the generated tokens only, "
      "z >= 4.26. Attacks replace 10/20/30 %% of the generated tokens (distinct positions) with uniformly "
      "random ids. The last column counts the plain samples flagged (false positives on model text).\n\n"
      "| tokens (~chars) | TPR clean | 10 %% replaced | 20 %% replaced | 30 %% replaced | mean z clean | plain "
      "samples flagged |\n|---|---|---|---|---|---|---|\n",
      run.c_str(), opened.model->family().c_str(), tokenizer.kind().c_str(), vocab,
      static_cast<long long>(opened.archive->header().value("step", int64_t{0})), static_cast<long long>(n),
      static_cast<long long>(k_generated));
  for (const int64_t length : k_table_lengths) {
    Count clean, flagged;
    clean.trials = flagged.trials = n;
    std::vector<Count> attacked(std::size(k_replaced), Count{0, n});
    double mean_z = 0;
    for (int64_t i = 0; i < n; ++i) {
      const auto tokens = prefix(marked[i].tokens, length);
      const auto d = watermark.detect(tokens, 1);
      clean.hits += d.watermarked;
      mean_z += d.z / static_cast<double>(n);
      flagged.hits += watermark.detect(prefix(plain[i].tokens, length), 1).watermarked;
      sample::Rng rng(static_cast<uint64_t>(length * 1000 + i));
      for (size_t a = 0; a < std::size(k_replaced); ++a)
        attacked[a].hits += watermark.detect(replace_at_random(tokens, k_replaced[a], vocab, rng), 1).watermarked;
    }
    std::printf("| %lld (~%.0f) | %s |", static_cast<long long>(length), static_cast<double>(length) * chars_per_token,
                format_rate(clean.rate()).c_str());
    for (const Count& c : attacked) std::printf(" %s |", format_rate(c.rate()).c_str());
    std::printf(" %.2f | %lld / %lld |\n", mean_z, static_cast<long long>(flagged.hits),
                static_cast<long long>(flagged.trials));
  }
  int64_t needed = -1;
  double needed_tpr = 0;
  for (int64_t length = 10; length <= k_generated && needed < 0; length += 10) {
    int64_t hits = 0;
    for (const auto& s : marked) hits += watermark.detect(prefix(s.tokens, length), 1).watermarked;
    const double tpr = static_cast<double>(hits) / static_cast<double>(n);
    if (tpr >= k_target_tpr) needed = length, needed_tpr = tpr;
  }
  std::vector<double> nll_marked, nll_plain;
  for (int64_t i = 0; i < n; ++i) {
    nll_marked.push_back(marked[i].nll);
    nll_plain.push_back(plain[i].nll);
  }
  const double m = summarize(nll_marked).mean, p = summarize(nll_plain).mean;
  if (needed < 0)
    std::printf("\nTPR >= 0.95 on clean samples is not reached within %lld tokens.\n", static_cast<long long>(k_generated));
  else
    std::printf("\nShortest length with TPR >= 0.95 on clean samples (grid 10..600 by 10): **%lld tokens (~%.0f "
                "characters)**, TPR %s.\n",
                static_cast<long long>(needed), static_cast<double>(needed) * chars_per_token,
                format_rate(needed_tpr).c_str());
  std::printf(
      "Quality cost: perplexity of the generated tokens under the model's own distribution (without the "
      "bias): watermarked **%.3f** (%.4f nats/token), plain **%.3f** (%.4f nats/token); ratio %.3f.\n\n",
      std::exp(m), m, std::exp(p), p, std::exp(m - p));
}

void run_model_image_rates(const RatesOptions& options, const std::string& run, double threshold) {
  auto opened = models::open_model(run, torch::kCPU);
  const int64_t n = options.quick ? std::min<int64_t>(options.model_trials, 100) : 5 * options.model_trials;
  models::SampleRequest request;
  request.n = n;
  request.seed = 7;
  const auto samples = opened.model->sample(request);
  if (!samples.images.defined()) fail("{}: family '{}' does not generate images", run, opened.model->family());
  const std::vector<Image> images = image::to_images(samples.images);
  const provenance::WatermarkKey key = bench_key(0);
  const std::vector<ImageAttack> attacks = image_attacks();
  const size_t a_count = attacks.size();
  std::vector<double> z(static_cast<size_t>(n) * a_count), plain_z(n), psnr(n);
  parallel_for(n, [&](int64_t i) {
    const Image marked = provenance::embed_image_watermark(images[i], key);
    psnr[i] = provenance::psnr(marked, images[i]);
    plain_z[i] = provenance::detect_image_watermark(images[i], key).z;
    for (size_t a = 0; a < a_count; ++a)
      z[i * a_count + a] = provenance::detect_image_watermark(attacks[a].apply(marked, i), key).z;
  });
  progress("model images " + run + " done");
  const int64_t flagged = std::count_if(plain_z.begin(), plain_z.end(), [&](double v) { return v >= threshold; });
  const Summary psnr_s = summarize(psnr);
  std::printf(
      "### Images: a trained model's own samples: %s (%s, step %lld)\n\n"
      "%lld samples (seed 7), watermarked with key 0 (amplitude 3), detected at z >= %.3f (calibrated on "
      "Fashion-MNIST training images). Quality cost: PSNR marked vs unmarked, mean %.2f dB (s.d. %.2f, min "
      "%.2f). Unmarked samples flagged: %lld / %lld.\n\n| watermarked sample | TPR | mean z | min z |\n"
      "|---|---|---|---|\n",
      run.c_str(), opened.model->family().c_str(),
      static_cast<long long>(opened.archive->header().value("step", int64_t{0})), static_cast<long long>(n), threshold,
      psnr_s.mean, psnr_s.sd, *std::min_element(psnr.begin(), psnr.end()), static_cast<long long>(flagged),
      static_cast<long long>(n));
  for (size_t a = 0; a < a_count; ++a) {
    std::vector<double> za;
    for (int64_t i = 0; i < n; ++i) za.push_back(z[i * a_count + a]);
    const double hits = static_cast<double>(std::count_if(za.begin(), za.end(), [&](double v) { return v >= threshold; }));
    std::printf("| %s | %s | %.2f | %.2f |\n", attacks[a].name, format_rate(hits / static_cast<double>(n)).c_str(),
                summarize(za).mean, *std::min_element(za.begin(), za.end()));
  }
  std::printf("\n");
}

}  // namespace genlab::bench
