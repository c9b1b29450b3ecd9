// Green lists, the logit bias and the z-score detector of the text watermark (see the header and
// docs/watermark.md). libsodium provides BLAKE2b (key derivation) and SipHash-2-4 (per-step seed).
#include "genlab/provenance/text_watermark.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "genlab/core/check.h"
#include "genlab/core/mix64.h"

namespace genlab::provenance {
namespace {

constexpr std::string_view k_key_context = "genlab text watermark v1";
constexpr uint64_t k_golden = 0x9e3779b97f4a7c15ULL;  // 2^64 / golden ratio: spreads token ids

void check_params(const TextWatermarkParams& p) {
  if (!(p.gamma > 0 && p.gamma < 1))
    fail("text watermark: gamma = {} is out of range; valid: (0, 1), e.g. 0.25", p.gamma);
  if (!(p.delta >= 0 && std::isfinite(p.delta)))
    fail("text watermark: delta = {} is out of range; valid: >= 0, e.g. 2", p.delta);
  if (!std::isfinite(p.z_threshold))
    fail("text watermark: z_threshold = {} is out of range; valid: a finite number, e.g. 4.26", p.z_threshold);
}

}  // namespace

TextWatermark::TextWatermark(const WatermarkKey& key, const TextWatermarkParams& params)
    : m_siphash_key{}, m_params(params), m_green_below(0) {
  check_params(params);
  GENLAB_CHECK(sodium_init() >= 0, "libsodium failed to initialise");
  static_assert(crypto_shorthash_KEYBYTES == 16, "SipHash-2-4 takes a 16-byte key");
  const int rc = crypto_generichash(m_siphash_key.data(), m_siphash_key.size(),
                                    reinterpret_cast<const unsigned char*>(k_key_context.data()), k_key_context.size(),
                                    key.data(), key.size());
  GENLAB_CHECK(rc == 0, "crypto_generichash failed");
  m_green_below = static_cast<uint64_t>(std::ldexp(params.gamma, 64));
}

uint64_t TextWatermark::context_seed(int32_t previous) const {
  const uint32_t id = static_cast<uint32_t>(previous);
  const unsigned char message[4] = {static_cast<unsigned char>(id), static_cast<unsigned char>(id >> 8),
                                    static_cast<unsigned char>(id >> 16), static_cast<unsigned char>(id >> 24)};
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, message, sizeof message, m_siphash_key.data());
  uint64_t seed = 0;  // SipHash's output bytes are its 64-bit result in little-endian order
  for (int i = 7; i >= 0; --i) seed = (seed << 8) | out[i];
  return seed;
}

bool TextWatermark::is_green(uint64_t seed, int32_t token) const {
  const uint64_t t = static_cast<uint32_t>(token);
  return core::mix64(seed ^ (t * k_golden)) < m_green_below;
}

void TextWatermark::operator()(std::vector<float>& logits, const std::vector<int32_t>& history) const {
  if (history.empty() || m_params.delta == 0) return;
  const uint64_t seed = context_seed(history.back());
  const float delta = static_cast<float>(m_params.delta);
  for (size_t t = 0; t < logits.size(); ++t)
    if (is_green(seed, static_cast<int32_t>(t))) logits[t] += delta;
}

TextDetection TextWatermark::detect(const std::vector<int32_t>& tokens, int64_t prompt_tokens) const {
  if (prompt_tokens < 0 || static_cast<size_t>(prompt_tokens) > tokens.size())
    fail("text watermark: prompt_tokens = {} is out of range; valid: 0 to {} (the number of tokens)", prompt_tokens,
         tokens.size());
  const size_t first = std::max<size_t>(static_cast<size_t>(prompt_tokens), 1);
  for (size_t i = first - 1; i < tokens.size(); ++i)
    if (tokens[i] < 0) fail("text watermark: token {} has a negative id ({})", i, tokens[i]);
  // Distinct (previous, token) pairs, packed into one integer each; sorting makes them unique.
  std::vector<uint64_t> pairs;
  for (size_t i = first; i < tokens.size(); ++i)
    pairs.push_back(static_cast<uint64_t>(tokens[i - 1]) << 32 | static_cast<uint64_t>(tokens[i]));
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

  TextDetection d;
  for (const uint64_t pair : pairs)
    if (is_green(context_seed(static_cast<int32_t>(pair >> 32)), static_cast<int32_t>(pair & 0xffffffffu))) ++d.green;
  d.tokens_scored = static_cast<int64_t>(pairs.size());
  if (d.tokens_scored == 0) return d;
  const double gamma = m_params.gamma, n = static_cast<double>(d.tokens_scored);
  d.green_fraction = static_cast<double>(d.green) / n;
  d.z = (static_cast<double>(d.green) - gamma * n) / std::sqrt(n * gamma * (1 - gamma));
  d.p_value = 0.5 * std::erfc(d.z / std::sqrt(2.0));
  d.watermarked = d.z >= m_params.z_threshold;
  return d;
}

TextDetection detect_text_watermark(const std::vector<int32_t>& tokens, int64_t prompt_tokens, const WatermarkKey& key,
                                    const TextWatermarkParams& params) {
  return TextWatermark(key, params).detect(tokens, prompt_tokens);
}

double expected_green_fraction_uniform(int64_t vocab_size, const TextWatermarkParams& params) {
  check_params(params);
  if (vocab_size < 1) fail("text watermark: vocab_size = {} is out of range; valid: >= 1", vocab_size);
  const double v = static_cast<double>(vocab_size), alpha = std::exp(params.delta);
  const double log_gamma = std::log(params.gamma), log_red = std::log1p(-params.gamma);
  double expected = 0;
  for (int64_t g = 1; g <= vocab_size; ++g) {  // G = 0 contributes 0
    const double k = static_cast<double>(g);
    const double log_pmf =
        std::lgamma(v + 1) - std::lgamma(k + 1) - std::lgamma(v - k + 1) + k * log_gamma + (v - k) * log_red;
    expected += std::exp(log_pmf) * (k * alpha / (k * alpha + v - k));
  }
  return expected;
}

int64_t tokens_for_expected_z(double green_fraction, const TextWatermarkParams& params) {
  check_params(params);
  const double gamma = params.gamma;
  if (!(green_fraction > gamma))
    fail("text watermark: green fraction {} is not above gamma = {}; no length reaches z = {}", green_fraction, gamma,
         params.z_threshold);
  const double root = params.z_threshold * std::sqrt(gamma * (1 - gamma)) / (green_fraction - gamma);
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(root * root)));
}

}  // namespace genlab::provenance
