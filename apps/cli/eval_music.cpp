// Music evaluation for `genlab eval` (see eval_music.h).
#include "apps/cli/eval_music.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/eval/likelihood.h"
#include "genlab/music/bigram.h"
#include "genlab/music/events.h"
#include "genlab/music/stats.h"
#include "genlab/sample/music_generation.h"

namespace genlab::cli {
namespace {

// Add-k smoothing of the baseline: k = 1 gave the lowest validation NLL on the built-in corpus
// (docs/music.md).
constexpr double k_bigram_k = 1.0;

// Share of events that are the bigram's most likely successor of the event before them.
double bigram_accuracy(const music::BigramModel& bigram, const std::vector<std::vector<int32_t>>& sequences) {
  const int v = bigram.vocab_size();
  std::vector<int> best(static_cast<size_t>(v) + 1);
  for (int previous = -1; previous < v; ++previous) {
    int arg = 0;
    for (int next = 1; next < v; ++next)
      if (bigram.probability(previous, next) > bigram.probability(previous, arg)) arg = next;
    best[static_cast<size_t>(previous + 1)] = arg;
  }
  int64_t correct = 0, total = 0;
  for (const auto& s : sequences) {
    int previous = -1;
    for (int event : s) {
      correct += best[static_cast<size_t>(previous + 1)] == event;
      ++total;
      previous = event;
    }
  }
  return total == 0 ? 0 : static_cast<double>(correct) / static_cast<double>(total);
}

std::vector<music::NoteSequence> as_encoded(const std::vector<music::NoteSequence>& pieces) {
  std::vector<music::NoteSequence> out;
  for (const auto& p : pieces) out.push_back(music::decode_performance(music::encode_performance(p).events));
  return out;
}

std::vector<std::vector<int32_t>> intervals_of(const std::vector<music::NoteSequence>& pieces) {
  std::vector<std::vector<int32_t>> out;
  for (const auto& p : pieces) out.push_back(music::pitch_intervals(p));
  return out;
}

// The longest run each query copies from the corpus: max and median, in tokens.
struct CopyFigures {
  int64_t max = 0;
  double median = 0;
};

CopyFigures copied_runs(const std::vector<std::vector<int32_t>>& queries,
                        const std::vector<std::vector<int32_t>>& corpus) {
  std::vector<int64_t> runs;
  for (const auto& q : queries) runs.push_back(music::longest_copied_run(q, corpus).length);
  if (runs.empty()) return {};
  std::sort(runs.begin(), runs.end());
  const size_t n = runs.size();
  const double median =
      n % 2 ? static_cast<double>(runs[n / 2]) : 0.5 * static_cast<double>(runs[n / 2 - 1] + runs[n / 2]);
  return {runs.back(), median};
}

nlohmann::ordered_json stats_json(const music::MusicStats& s, const music::MusicStats& reference) {
  return {{"pitch_class_js_bits", music::jensen_shannon(s.pitch_classes, reference.pitch_classes)},
          {"pitch_class_count_js_bits", music::jensen_shannon(s.pitch_class_counts, reference.pitch_class_counts)},
          {"pitch_class_key_js_bits",
           music::jensen_shannon(s.key_relative_pitch_classes, reference.key_relative_pitch_classes)},
          {"pitch_class_tv", music::total_variation(s.pitch_classes, reference.pitch_classes)},
          {"interval_js_bits", music::jensen_shannon(s.intervals, reference.intervals)},
          {"interval_tv", music::total_variation(s.intervals, reference.intervals)},
          {"notes_per_s", s.note_density},
          {"polyphony", s.polyphony},
          {"notes", s.notes},
          {"seconds", s.seconds},
          {"pitch_classes", s.pitch_classes},
          {"pitch_class_counts", s.pitch_class_counts},
          {"key_relative_pitch_classes", s.key_relative_pitch_classes}};
}

std::string verdict(bool ok) { return ok ? "yes" : "NO"; }

}  // namespace

int eval_music(models::OpenedModel& opened, const data::DataConfig& dc, const std::string& default_data,
               const MusicEvalOptions& o, const torch::Device& device) {
  if (o.samples < 1) fail("--samples {}: music evaluation needs at least one fresh piece", o.samples);
  const data::MusicSplit split = data::load_music_split(dc, default_data);
  for (const auto& s : split.skipped) fmt::print(stderr, "genlab: skipped {}\n", s);
  if (split.validation.empty()) fail("{}: no held-out pieces to evaluate on", split.source);

  std::vector<int32_t> held_out;
  for (const auto& e : split.validation_events) held_out.insert(held_out.end(), e.begin(), e.end());
  const int64_t context = opened.data.example_shape.empty() ? dc.context : opened.data.example_shape[0];
  const auto lk = eval::sequence_likelihood(*opened.model, held_out, context, dc.batching == "streams", device);
  music::BigramModel bigram(music::k_event_count, k_bigram_k);
  bigram.fit(split.train_events);
  const double bigram_nll = bigram.nll_per_event(split.validation_events);
  const double bigram_acc = bigram_accuracy(bigram, split.validation_events);
  fmt::print("data: {}\n", split.source);
  fmt::print("likelihood on the {} held-out pieces ({} events)\n", split.validation.size(), held_out.size());
  fmt::print("  {:<24} {:>10} {:>14}\n", "", opened.model->family(), "event bigram");
  fmt::print("  {:<24} {:>10.4f} {:>14.4f}\n", "nll (nats/event)", lk.nats_per_token, bigram_nll);
  fmt::print("  {:<24} {:>10.2f} {:>14.2f}\n", "perplexity", lk.perplexity, std::exp(bigram_nll));
  fmt::print("  {:<24} {:>9.1f}% {:>13.1f}%\n", "next-event accuracy", 100 * lk.accuracy, 100 * bigram_acc);
  fmt::print("  beats the bigram baseline: {}\n", verdict(lk.nats_per_token < bigram_nll));

  std::vector<music::NoteSequence> model_pieces, bigram_pieces;
  int64_t events = 0;
  for (int64_t i = 0; i < o.samples; ++i) {
    sample::SamplerConfig sc;
    sc.temperature = static_cast<float>(o.temperature);
    sc.seed = o.seed + static_cast<uint64_t>(i);
    sample::Sampler sampler(sc);
    auto decoder = opened.model->decoder({});
    sample::MusicRequest request;
    request.seconds = o.seconds;
    const auto result = sample::generate_music(*decoder, sampler, request);
    events += static_cast<int64_t>(result.events.size());
    model_pieces.push_back(music::decode_performance(std::vector<int>(result.events.begin(), result.events.end()),
                                                     music::k_generated_max_note_s));
    bigram_pieces.push_back(music::decode_performance(
        bigram.sample(result.events.size(), sc.seed, /*event_grammar=*/true), music::k_generated_max_note_s));
  }
  // Real pieces as the vocabulary holds them (drums dropped, one piano part, 10 ms steps): what a
  // model can play at all.
  const auto held_piano = as_encoded(split.validation), train_piano = as_encoded(split.train);
  const auto held_stats = music::compute_stats(held_piano);
  // The training pieces themselves (unaugmented) against the held-out ones: how close a model that
  // reproduced its training data exactly would come (the reference, as FCD(train, test) is for images).
  const auto train_stats = music::compute_stats(train_piano);
  const auto model_stats = music::compute_stats(model_pieces);
  const auto bigram_stats = music::compute_stats(bigram_pieces);
  const auto model_json = stats_json(model_stats, held_stats);
  const auto bigram_json = stats_json(bigram_stats, held_stats);
  const auto train_json = stats_json(train_stats, held_stats);
  const auto held_json = stats_json(held_stats, held_stats);
  fmt::print(
      "statistics of {} fresh pieces of {} s each (temperature {}, seeds {}..{}, {} events in all; the bigram "
      "samples as many events; notes capped at {} s as `sample` does), and of the training pieces, against "
      "the held-out pieces\n",
      o.samples, o.seconds, o.temperature, o.seed, o.seed + static_cast<uint64_t>(o.samples) - 1, events,
      music::k_generated_max_note_s);
  fmt::print("  {:<28} {:>10} {:>10} {:>10} {:>10}\n", "", opened.model->family(), "bigram", "training", "held-out");
  for (const auto* key : {"pitch_class_js_bits", "pitch_class_count_js_bits", "pitch_class_key_js_bits",
                          "interval_js_bits", "pitch_class_tv", "interval_tv", "notes_per_s", "polyphony"})
    fmt::print("  {:<28} {:>10.4f} {:>10.4f} {:>10.4f} {:>10.4f}\n", key, model_json[key].get<double>(),
               bigram_json[key].get<double>(), train_json[key].get<double>(), held_json[key].get<double>());
  auto closer = [&](const char* key) { return model_json[key].get<double>() < bigram_json[key].get<double>(); };
  fmt::print(
      "  closer to the held-out pieces than the bigram's samples: pitch classes {} (key-relative {}), "
      "intervals {}\n",
      verdict(closer("pitch_class_js_bits")), verdict(closer("pitch_class_key_js_bits")),
      verdict(closer("interval_js_bits")));
  // What knowing no key at all scores: the flat histogram. A sampler that wanders through every key
  // (the bigram does) lands near it; a model that keeps a key per piece is judged, over few pieces,
  // by which keys they happen to pick against the few held-out pieces' keys (docs/music.md).
  const double uniform_js = music::jensen_shannon(std::vector<double>(12, 1.0 / 12), held_stats.pitch_classes);
  fmt::print("  pitch classes of no key at all (a flat histogram): {:.4f} bits from the held-out pieces\n", uniform_js);

  std::vector<std::vector<int32_t>> train_events, model_events, held_events;
  for (const auto& p : split.train) train_events.push_back(music::encode_performance(p).events);
  for (const auto& p : model_pieces) model_events.push_back(music::encode_performance(p).events);
  for (const auto& p : split.validation) held_events.push_back(music::encode_performance(p).events);
  const auto train_intervals = intervals_of(train_piano);
  const CopyFigures model_copy = copied_runs(model_events, train_events);
  const CopyFigures held_copy = copied_runs(held_events, train_events);
  const CopyFigures model_melody = copied_runs(intervals_of(model_pieces), train_intervals);
  const CopyFigures held_melody = copied_runs(intervals_of(held_piano), train_intervals);
  fmt::print("originality: longest run copied from a training piece (max / median over pieces)\n");
  fmt::print("  {:<28} {:>16} {:>16}\n", "", "fresh pieces", "held-out pieces");
  fmt::print("  {:<28} {:>9} / {:<5} {:>9} / {:<5}\n", "events", model_copy.max, model_copy.median, held_copy.max,
             held_copy.median);
  fmt::print("  {:<28} {:>9} / {:<5} {:>9} / {:<5}\n", "pitch intervals (any key)", model_melody.max,
             model_melody.median, held_melody.max, held_melody.median);

  if (!o.json.empty()) {
    auto copy_json = [](const CopyFigures& c) { return nlohmann::ordered_json{{"max", c.max}, {"median", c.median}}; };
    const nlohmann::ordered_json report = {
        {"model", opened.archive->path()},
        {"family", opened.model->family()},
        {"data", split.source},
        {"held_out_events", lk.tokens},
        {"nats_per_event", lk.nats_per_token},
        {"perplexity", lk.perplexity},
        {"accuracy", lk.accuracy},
        {"bigram", {{"k", k_bigram_k}, {"nats_per_event", bigram_nll}, {"accuracy", bigram_acc}}},
        {"samples",
         {{"n", o.samples},
          {"seconds", o.seconds},
          {"temperature", o.temperature},
          {"seed", o.seed},
          {"events", events}}},
        {"statistics",
         {{"model", model_json},
          {"bigram", bigram_json},
          {"training", train_json},
          {"held_out", held_json},
          {"uniform_pitch_class_js_bits", uniform_js}}},
        {"originality",
         {{"events", {{"samples", copy_json(model_copy)}, {"held_out", copy_json(held_copy)}}},
          {"pitch_intervals", {{"samples", copy_json(model_melody)}, {"held_out", copy_json(held_melody)}}}}}};
    core::write_file_atomic(o.json, report.dump(2) + "\n");
    fmt::print("wrote {}\n", o.json);
  }
  return 0;
}

}  // namespace genlab::cli
