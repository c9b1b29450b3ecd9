// `genlab eval MODEL [--data held-out.txt]`: for text models, NLL (nats/token), bits per character
// and perplexity on the run's validation split (or a given file), then N fresh samples scored for
// originality against the training text; for music models see eval_music.h, for image models
// eval_images.h. `--json FILE` writes the figures for machines.
#include <fmt/format.h>

#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/eval_images.h"
#include "apps/cli/eval_music.h"
#include "genlab/backend/device.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/data/text_corpus.h"
#include "genlab/eval/likelihood.h"
#include "genlab/eval/text_originality.h"
#include "genlab/models/registry.h"
#include "genlab/models/serialize.h"
#include "genlab/sample/text_generation.h"

namespace genlab::cli {
namespace {

struct EvalOptions {
  std::string model;         // run directory or .ckpt
  std::string data;          // text to score instead of the run's validation split
  int64_t samples = 3;       // fresh samples scored (text: originality; music: statistics too,
                             // default MusicEvalOptions::samples)
  int64_t max_tokens = 300;  // tokens per originality sample (text)
  double seconds = 30;       // music per fresh piece (music)
  double temperature = 1.0;  // sampling temperature of the fresh pieces (music); 1 = the model's own distribution
  int64_t images = 5000;     // generated images and real images per reference set (images)
  std::string evaluator;     // classifier run or .ckpt (images); "" = the default, trained if missing
  std::string report;        // report directory (images); "" = RUN/eval
  int64_t seed = 1;          // sampling seed of the originality samples
  std::string json;          // also write the figures here
  int threads = 0;
  std::string device = "auto";
};

// The [data] settings and family of the run that made the checkpoint.
data::DataConfig run_data_config(const models::OpenedModel& opened) {
  core::Settings settings;
  const auto& h = opened.archive->header();
  settings.load_toml_string(h.at("config").get<std::string>(), opened.archive->path() + " (embedded config)");
  data::DataConfig config;
  settings.bind("data", config);
  return config;
}

int eval_text(const EvalOptions& o, models::OpenedModel& opened, const torch::Device& device) {
  const auto& tokenizer = *opened.data.tokenizer;
  const data::DataConfig dc = run_data_config(opened);
  const auto& family = models::find_family(opened.model->family());
  const data::TextSplit split = load_text_split(dc, family.default_data);
  std::string scored_text = split.val, scored_source = split.source + ", validation split";
  if (!o.data.empty()) {
    scored_text = data::read_text_corpus(o.data).text;
    scored_source = o.data;
  }
  const int64_t context = opened.data.example_shape.empty() ? dc.context : opened.data.example_shape[0];
  const auto lk =
      eval::text_likelihood(*opened.model, tokenizer, scored_text, context, dc.batching == "streams", device);
  fmt::print("likelihood on {} ({} tokens, {} characters)\n", scored_source, lk.tokens, lk.characters);
  fmt::print("  nll         {:.4f} nats/token\n  bits/char   {:.4f}\n  perplexity  {:.3f} (per token)\n",
             lk.nats_per_token, lk.bits_per_char, lk.perplexity);
  nlohmann::ordered_json report = {{"model", opened.archive->path()},   {"family", opened.model->family()},
                                   {"scored", scored_source},           {"tokens", lk.tokens},
                                   {"characters", lk.characters},       {"nats_per_token", lk.nats_per_token},
                                   {"bits_per_char", lk.bits_per_char}, {"perplexity", lk.perplexity}};

  if (o.samples > 0) {
    const eval::OriginalityIndex index(split.train, tokenizer.encode(split.train));
    fmt::print("originality of {} fresh samples ({} tokens each, seed {}), against the training text:\n", o.samples,
               o.max_tokens, o.seed);
    fmt::print("  {:>6}  {:>13}  {:>14}  {:>12}\n", "sample", "char 8-grams", "token 4-grams", "longest copy");
    nlohmann::json per_sample = nlohmann::json::array();
    double char_share = 0, token_share = 0;
    for (int64_t i = 0; i < o.samples; ++i) {
      sample::SamplerConfig sc;
      sc.seed = static_cast<uint64_t>(o.seed + i);
      sample::Sampler sampler(sc);
      auto decoder = opened.model->decoder({});
      sample::TextRequest request;
      request.max_tokens = o.max_tokens;
      const auto result = sample::generate_text(*decoder, tokenizer, sampler, request, [](std::string_view) {});
      const auto orig = index.score(result.text, result.tokens);
      char_share += orig.char_ngram_share;
      token_share += orig.token_ngram_share;
      fmt::print("  {:>6}  {:>12.1f}%  {:>13.1f}%  {:>6} chars  \"{}\"\n", i + 1, 100 * orig.char_ngram_share,
                 100 * orig.token_ngram_share, orig.longest_copy_chars, orig.longest_copy.substr(0, 60));
      per_sample.push_back({{"seed", sc.seed},
                            {"char_8gram_share", orig.char_ngram_share},
                            {"token_4gram_share", orig.token_ngram_share},
                            {"longest_copy_chars", orig.longest_copy_chars},
                            {"longest_copy", orig.longest_copy}});
    }
    const double n = static_cast<double>(o.samples);
    fmt::print("  {:>6}  {:>12.1f}%  {:>13.1f}%\n", "mean", 100 * char_share / n, 100 * token_share / n);
    report["originality"] = per_sample;
  }
  if (!o.json.empty()) {
    core::write_file_atomic(o.json, report.dump(2) + "\n");
    fmt::print("wrote {}\n", o.json);
  }
  return 0;
}

}  // namespace

Runner setup_eval(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  app.add_option("model", o->model, "run directory (its latest checkpoint) or .ckpt file")->required();
  app.add_option("--data", o->data, "text file to score instead of the run's validation split");
  auto* samples = app.add_option("--samples", o->samples,
                                 "fresh samples scored (text: originality, 0 = none; music: statistics too, "
                                 "default 128)")
                      ->capture_default_str();
  app.add_option("--max-tokens", o->max_tokens, "tokens per originality sample (text)")->capture_default_str();
  app.add_option("--seconds", o->seconds, "music per fresh piece (music)")->capture_default_str();
  app.add_option("--temperature", o->temperature,
                 "sampling temperature of the fresh pieces (music; 1 = the model's own distribution)")
      ->capture_default_str();
  app.add_option("-n,--images", o->images, "generated images, and real images per reference set (images)")
      ->capture_default_str();
  app.add_option("--evaluator", o->evaluator,
                 "classifier run or .ckpt whose features measure images (default: "
                 "the Fashion-MNIST evaluator in the user cache, trained on first use)");
  app.add_option("--report", o->report, "directory for report.html/.json and the pictures (images; default RUN/eval)");
  app.add_option("--seed", o->seed, "sampling seed of the originality samples")->capture_default_str();
  app.add_option("--json", o->json, "also write the figures as JSON to this file");
  app.add_option("--threads", o->threads, "CPU threads (0 = all cores)");
  app.add_option("--device", o->device, "auto | cpu | cuda | cuda:N");
  return [o, samples] {
    init_runtime(o->threads);
    const torch::Device device = backend::choose_device(o->device);
    auto opened = models::open_model(o->model, device);
    if (opened.data.modality == data::Modality::music) {
      if (!o->data.empty()) fail("--data: music models are evaluated on their run's held-out pieces");
      const int64_t pieces = samples->count() > 0 ? o->samples : MusicEvalOptions{}.samples;
      const MusicEvalOptions mo{pieces, o->seconds, o->temperature, static_cast<uint64_t>(o->seed), o->json};
      return eval_music(opened, run_data_config(opened), data::k_builtin_music, mo, device);
    }
    if (opened.data.tokenizer) return eval_text(*o, opened, device);
    if (opened.data.modality == data::Modality::image) {
      if (!o->data.empty()) fail("--data: image models are evaluated against their run's data (and its test set)");
      const ImageEvalOptions io{o->images, static_cast<uint64_t>(o->seed), o->evaluator, o->report, o->json,
                                o->threads};
      return eval_images(opened, o->model, run_data_config(opened),
                         models::find_family(opened.model->family()).default_data, io, device);
    }
    fail("{}: eval covers text, music and image models; {} is none of them", o->model, opened.model->family());
  };
}

}  // namespace genlab::cli
