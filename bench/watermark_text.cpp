// Text halves of bench_watermark_rates: false positives on human text and true positives on text
// sampled from a token bigram model with the real Sampler + TextWatermark (see watermark_rates.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

#include "genlab/core/check.h"
#include "genlab/core/mix64.h"
#include "genlab/provenance/text_watermark.h"
#include "genlab/sample/rng.h"
#include "genlab/sample/sampler.h"
#include "watermark_rates.h"

namespace genlab::bench {
namespace {

constexpr int64_t k_passage_tokens = 200;
constexpr int64_t k_max_generated = 2000;              // longest generation (length search)
constexpr double k_target_tpr = 0.95;
constexpr int k_orders[] = {2, 4};  // n-gram orders: bigram for every tokenizer, 4-gram for char too

// The length-search grid: 10..100 by 10, 125..500 by 25, 550..2000 by 50.
std::vector<int64_t> length_grid() {
  std::vector<int64_t> grid;
  for (int64_t l = 10; l <= 100; l += 10) grid.push_back(l);
  for (int64_t l = 125; l <= 500; l += 25) grid.push_back(l);
  for (int64_t l = 550; l <= k_max_generated; l += 50) grid.push_back(l);
  return grid;
}

// A token n-gram model fitted on the corpus: p(next | context) = count(context, next) /
// count(context, *) for the longest context (up to order - 1 previous tokens) that the corpus has
// followed by something, backing off to shorter contexts and finally the unigram distribution;
// never-seen continuations get logit -inf. Not a neural model: it stands in for "a language model's
// next-token distribution" so that sampled text has the corpus's statistics and an entropy per token
// set by the order (a bigram model is far less certain than a trained model; higher orders are closer).
class NgramModel {
 public:
  NgramModel(const std::vector<int32_t>& ids, int32_t vocab_size, int order)
      : m_vocab(vocab_size), m_order(order), m_tables(static_cast<size_t>(order)) {
    GENLAB_CHECK(order >= 1 && order <= 4 && vocab_size <= (1 << 21), "n-gram order {} / vocab {}", order, vocab_size);
    for (int k = 0; k < order; ++k) {  // k = context length; key = the k tokens, 21 bits each
      std::vector<std::pair<uint64_t, int32_t>> events;
      for (size_t i = static_cast<size_t>(k); i < ids.size(); ++i)
        events.emplace_back(pack(ids.begin() + static_cast<int64_t>(i) - k, k), ids[i]);
      std::sort(events.begin(), events.end());
      for (size_t i = 0; i < events.size();) {
        size_t j = i;
        while (j < events.size() && events[j].first == events[i].first) ++j;
        Row& row = m_tables[k][events[i].first];
        const double total = static_cast<double>(j - i);
        for (size_t a = i; a < j;) {
          size_t b = a;
          while (b < j && events[b].second == events[a].second) ++b;
          const double p = static_cast<double>(b - a) / total;
          row.next.emplace_back(events[a].second, static_cast<float>(std::log(p)));
          row.entropy_bits -= p * std::log2(p);
          a = b;
        }
        i = j;
      }
    }
  }

  // logits = log p(. | the last order - 1 tokens of history), -inf where p = 0.
  void logits(const std::vector<int32_t>& history, std::vector<float>& out) const {
    out.assign(static_cast<size_t>(m_vocab), -std::numeric_limits<float>::infinity());
    for (const auto& [t, logp] : row(history).next) out[t] = logp;
  }
  double entropy_bits(const std::vector<int32_t>& history) const { return row(history).entropy_bits; }

 private:
  struct Row {
    std::vector<std::pair<int32_t, float>> next;  // (token, log p)
    double entropy_bits = 0;
  };

  template <class It>
  static uint64_t pack(It begin, int k) {
    uint64_t key = 0;
    for (int i = 0; i < k; ++i) key = key << 21 | static_cast<uint64_t>(begin[i]);
    return key;
  }

  const Row& row(const std::vector<int32_t>& history) const {
    for (int k = std::min<int>(m_order - 1, static_cast<int>(history.size())); k > 0; --k) {
      const auto it = m_tables[k].find(pack(history.end() - k, k));
      if (it != m_tables[k].end()) return it->second;
    }
    return m_tables[0].at(0);
  }

  int32_t m_vocab;
  int m_order;
  std::vector<std::unordered_map<uint64_t, Row>> m_tables;  // [context length] context key -> row
};

struct TrialResult {
  std::vector<bool> clean;      // detected at each length_grid() length
  std::vector<double> clean_z;  // z at each length_grid() length
  std::vector<bool> attacked;   // [length index in k_table_lengths][share index], flattened
  double entropy_bits = 0;      // mean model entropy per generated token (before the bias)
};

}  // namespace

std::vector<int32_t> replace_at_random(std::vector<int32_t> tokens, double share, int32_t vocab, sample::Rng& rng) {
  const int64_t generated = static_cast<int64_t>(tokens.size()) - 1;
  const int64_t count = std::llround(share * static_cast<double>(generated));
  std::vector<int64_t> positions(generated);
  for (int64_t i = 0; i < generated; ++i) positions[i] = i + 1;
  for (int64_t i = 0; i < count; ++i) {  // partial Fisher-Yates: the first `count` are a random subset
    const int64_t j = i + static_cast<int64_t>(rng.next_u64() % static_cast<uint64_t>(generated - i));
    std::swap(positions[i], positions[j]);
    tokens[positions[i]] = static_cast<int32_t>(rng.next_u64() % static_cast<uint64_t>(vocab));
  }
  return tokens;
}

void run_text_false_positives(const RatesOptions& options, const std::vector<TextSetting>& settings) {
  std::vector<provenance::TextWatermark> detectors;
  for (int k = 0; k < options.keys; ++k) detectors.emplace_back(bench_key(k));
  std::printf(
      "### Text: false positives on human text (no watermark)\n\n"
      "Every non-overlapping %lld-token passage of the whole corpus%s, scored with no prompt "
      "(199 pairs, each distinct pair once) under %d keys; each key x passage is one trial. "
      "Bound: one-sided 95 %% Clopper-Pearson.\n\n",
      static_cast<long long>(k_passage_tokens), options.subsample > 1 ? " (every 20th passage)" : "", options.keys);
  std::printf(
      "| corpus | tokenizer | vocab | passages | trials | z >= 4.26 | rate | 95 %% upper | key 0 alone | "
      "key with the highest mean z: hits (its mean z) | mean z | s.d. z | max z | s.d. of per-key mean z | mean pairs "
      "scored |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  Count total;
  for (const TextSetting& s : settings) {
    const int64_t passages = static_cast<int64_t>(s.ids.size()) / k_passage_tokens / options.subsample;
    const int64_t trials = passages * options.keys;
    std::vector<double> z(trials), scored(trials);
    parallel_for(trials, [&](int64_t i) {
      const int64_t key = i / passages, passage = (i % passages) * options.subsample;
      const auto begin = s.ids.begin() + passage * k_passage_tokens;
      const std::vector<int32_t> tokens(begin, begin + k_passage_tokens);
      const provenance::TextDetection d = detectors[key].detect(tokens, /*prompt_tokens=*/0);
      z[i] = d.z;
      scored[i] = static_cast<double>(d.tokens_scored);
    });
    Count count, key0;
    count.trials = trials;
    key0.trials = passages;
    std::vector<double> key_means(options.keys, 0.0);
    std::vector<int64_t> key_hits(options.keys, 0);
    for (int64_t i = 0; i < trials; ++i) {
      const bool hit = z[i] >= 4.26;
      count.hits += hit;
      key_hits[i / passages] += hit;
      key_means[i / passages] += z[i] / static_cast<double>(passages);
    }
    key0.hits = key_hits[0];
    const int64_t worst = std::max_element(key_means.begin(), key_means.end()) - key_means.begin();
    total.hits += count.hits;
    total.trials += count.trials;
    const Summary zs = summarize(z), keys = summarize(key_means);
    std::printf(
        "| %s | %s | %d | %lld | %lld | %lld | %s | %s | %lld / %lld | %lld (%.2f) | %.3f | %.3f | "
        "%.2f | %.3f | %.1f |\n",
        s.corpus.c_str(), s.tokenizer->kind().c_str(), s.tokenizer->vocab_size(), static_cast<long long>(passages),
        static_cast<long long>(trials), static_cast<long long>(count.hits), format_rate(count.rate()).c_str(),
        format_rate(count.upper95()).c_str(), static_cast<long long>(key0.hits), static_cast<long long>(passages),
        static_cast<long long>(key_hits[worst]), key_means[worst], zs.mean, zs.sd, zs.max, keys.sd,
        summarize(scored).mean);
    progress("text false positives: " + s.name() + " done");
  }
  std::printf("| **all** | | | | %lld | %lld | %s | **%s** | | | | | | | |\n\n", static_cast<long long>(total.trials),
              static_cast<long long>(total.hits), format_rate(total.rate()).c_str(),
              format_rate(total.upper95()).c_str());
}

void run_text_true_positives(const RatesOptions& options, const std::vector<TextSetting>& settings) {
  const provenance::TextWatermark watermark(bench_key(0));
  const std::vector<int64_t> grid = length_grid();
  std::printf(
      "### Text: true positives on N-GRAM-MODEL text (bigram / 4-gram; not a neural model)\n\n"
      "Each trial samples %lld tokens from a token n-gram model fitted on the whole corpus "
      "(logits = log p(next | previous n-1 tokens), unseen continuations excluded, backing off to "
      "shorter contexts only where a context never continues) through the real sample::Sampler "
      "(temperature 1, nothing else on) with the TextWatermark step (gamma 0.25, delta 2, key 0), "
      "after a 1-token prompt drawn from the corpus; the 50/100/200-token texts are prefixes of it. "
      "Detection: prompt_tokens = 1, z >= 4.26. Attacks replace 10/20/30 %% of the generated tokens "
      "(distinct positions) with uniformly random ids. %d trials per row. Entropy is the model's mean "
      "entropy per generated token before the bias: a char bigram model (~3.2-3.6 bits/char) is far "
      "less certain than a trained char-level LM (~1.5-2 bits/char), so its TPRs are optimistic; "
      "the char 4-gram model (~1.8-2.2 bits/char) is the closer stand-in.\n\n",
      static_cast<long long>(k_max_generated), options.trials);
  std::printf(
      "| corpus | tokenizer | model | entropy, bits/token | tokens (~chars) | TPR clean | 10 %% replaced | "
      "20 %% replaced | 30 %% replaced | mean z clean |\n|---|---|---|---|---|---|---|---|---|---|\n");
  struct Needed {
    std::string name;
    int64_t length = -1;  // -1: not reached within the grid
    double tpr = 0, chars_per_token = 0, entropy_bits = 0;
  };
  std::vector<Needed> needed;
  std::vector<std::pair<size_t, int>> cases;  // (setting, n-gram order)
  for (size_t si = 0; si < settings.size(); ++si)
    for (const int order : k_orders)
      if (order == 2 || settings[si].tokenizer->kind() == "char") cases.emplace_back(si, order);
  for (const auto& [si, order] : cases) {
    const TextSetting& s = settings[si];
    const int32_t vocab = s.tokenizer->vocab_size();
    const NgramModel model(s.ids, vocab, order);
    const std::string model_name = order == 2 ? "bigram" : std::to_string(order) + "-gram";
    std::vector<TrialResult> results(options.trials);
    parallel_for(options.trials, [&](int64_t trial) {
      const uint64_t seed = core::mix64(static_cast<uint64_t>(si * 8 + order) << 32 | static_cast<uint64_t>(trial));
      sample::Rng rng(seed);
      sample::SamplerConfig config;
      config.temperature = 1.0f;
      config.seed = seed ^ 0x5a5a5a5aULL;
      sample::Sampler sampler(config);
      sampler.add_step(watermark);
      std::vector<int32_t> history{s.ids[rng.next_u64() % s.ids.size()]};
      std::vector<float> logits;
      TrialResult& r = results[trial];
      for (int64_t step = 0; step < k_max_generated; ++step) {
        model.logits(history, logits);
        r.entropy_bits += model.entropy_bits(history) / static_cast<double>(k_max_generated);
        history.push_back(sampler.sample(logits, history));
      }
      for (const int64_t length : grid) {
        const std::vector<int32_t> text(history.begin(), history.begin() + 1 + length);
        const provenance::TextDetection d = watermark.detect(text, /*prompt_tokens=*/1);
        r.clean.push_back(d.watermarked);
        r.clean_z.push_back(d.z);
      }
      for (const int64_t length : k_table_lengths)
        for (const double share : k_replaced) {
          const std::vector<int32_t> text(history.begin(), history.begin() + 1 + length);
          r.attacked.push_back(watermark.detect(replace_at_random(text, share, vocab, rng), 1).watermarked);
        }
    });

    std::vector<double> tpr(grid.size(), 0.0), mean_z(grid.size(), 0.0), entropy;
    for (const TrialResult& r : results) {
      entropy.push_back(r.entropy_bits);
      for (size_t g = 0; g < grid.size(); ++g) {
        tpr[g] += r.clean[g] / static_cast<double>(options.trials);
        mean_z[g] += r.clean_z[g] / static_cast<double>(options.trials);
      }
    }
    for (size_t li = 0; li < std::size(k_table_lengths); ++li) {
      const size_t g = static_cast<size_t>(std::find(grid.begin(), grid.end(), k_table_lengths[li]) - grid.begin());
      std::printf("| %s | %s | %s | %.2f | %lld (~%.0f) | %s |", s.corpus.c_str(), s.tokenizer->kind().c_str(),
                  model_name.c_str(), summarize(entropy).mean, static_cast<long long>(k_table_lengths[li]),
                  static_cast<double>(k_table_lengths[li]) * s.chars_per_token, format_rate(tpr[g]).c_str());
      for (size_t ai = 0; ai < std::size(k_replaced); ++ai) {
        double hits = 0;
        for (const TrialResult& r : results) hits += r.attacked[li * std::size(k_replaced) + ai];
        std::printf(" %s |", format_rate(hits / options.trials).c_str());
      }
      std::printf(" %.2f |\n", mean_z[g]);
    }
    Needed n{s.name() + " " + model_name, -1, 0, s.chars_per_token, summarize(entropy).mean};
    for (size_t g = 0; g < grid.size() && n.length < 0; ++g)
      if (tpr[g] >= k_target_tpr) n = {n.name, grid[g], tpr[g], n.chars_per_token, n.entropy_bits};
    needed.push_back(n);
    progress("text true positives: " + n.name + " done");
  }
  std::printf(
      "\nTokens needed for TPR >= 0.95 on clean n-gram-model text (smallest length on the grid "
      "10..100 by 10, 125..500 by 25, 550..2000 by 50; prefixes of the same generations):\n\n"
      "| corpus, tokenizer, model | entropy, bits/token | tokens | ~chars | TPR there |\n|---|---|---|---|---|\n");
  for (const Needed& n : needed) {
    if (n.length < 0)
      std::printf("| %s | %.2f | > %lld | | |\n", n.name.c_str(), n.entropy_bits,
                  static_cast<long long>(k_max_generated));
    else
      std::printf("| %s | %.2f | %lld | %.0f | %s |\n", n.name.c_str(), n.entropy_bits,
                  static_cast<long long>(n.length), static_cast<double>(n.length) * n.chars_per_token,
                  format_rate(n.tpr).c_str());
  }
  std::printf("\n");
}

}  // namespace genlab::bench
