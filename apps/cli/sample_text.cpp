// Text sampling for `genlab sample` (see sample_text.h).
#include "apps/cli/sample_text.h"

#include <fmt/format.h>

#include <cstdio>

#include "apps/cli/labels.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/sample/text_generation.h"

namespace genlab::cli {

int sample_text(const DecoderFactory& make_decoder, const text::Tokenizer& tokenizer, const TextSampleOptions& options,
                int64_t n, uint64_t seed, const std::string& output, const provenance::Labeler& labeler,
                provenance::ProvenanceRecord record, const std::string& model_path) {
  sample::TextRequest request;
  request.prompt = options.prompt_file.empty() ? options.prompt : core::read_file(options.prompt_file);
  request.max_tokens = options.max_tokens;
  request.stop = options.stop;

  const bool to_stdout = output.empty();
  std::string collected;
  for (int64_t i = 0; i < n; ++i) {
    sample::SamplerConfig sc = options.sampler;
    sc.seed = seed + static_cast<uint64_t>(i);  // sample i of a run is reproducible alone
    sample::Sampler sampler(sc);
    if (labeler.watermarking())
      sampler.add_step(provenance::TextWatermark(labeler.watermark_key(), labeler.text_params));
    models::DecoderOptions decoder_options;
    decoder_options.kv_cache = !options.no_kv_cache;
    auto decoder = make_decoder(decoder_options);
    if (n > 1 && to_stdout) fmt::print("{}==== sample {} of {} (seed {}) ====\n", i ? "\n" : "", i + 1, n, sc.seed);
    if (to_stdout) {
      fmt::print("{}", request.prompt);
      std::fflush(stdout);
    }
    const auto result = sample::generate_text(*decoder, tokenizer, sampler, request, [&](std::string_view piece) {
      if (!to_stdout) return;
      fmt::print("{}", piece);
      std::fflush(stdout);
    });
    if (to_stdout) fmt::print("\n");
    collected += (i ? "\n\n" : "") + request.prompt + result.text;
    fmt::print(stderr, "genlab: {} tokens in {:.2f} s ({:.0f} tokens/s, {}), prompt {} tokens in {:.4f} s, seed {}\n",
               result.tokens.size(), result.seconds, static_cast<double>(result.tokens.size()) / result.seconds,
               result.stop_reason, result.prompt_tokens, result.prompt_seconds, sc.seed);
  }
  if (!to_stdout) {
    core::write_file_atomic(output, collected + "\n");
    sample::SamplerConfig settings = options.sampler;
    auto sampling = struct_json(settings);
    sampling.erase("seed");  // the record's seed field holds it
    sampling["command"] = "sample";
    sampling["model"] = model_path;
    sampling["n"] = n;
    sampling["max_tokens"] = options.max_tokens;
    sampling["stop"] = options.stop;
    sampling["kv_cache"] = !options.no_kv_cache;
    record.sampling = sampling.dump();
    record.prompt_length = static_cast<int64_t>(request.prompt.size());
    labeler.sign(output, record);
    fmt::print("wrote {} ({} sample{}, seed {}; signed in {}.prov.json{})\n", output, n, n == 1 ? "" : "s", seed,
               output, labeler.watermarking() ? ", watermarked" : "");
  }
  return 0;
}

}  // namespace genlab::cli
