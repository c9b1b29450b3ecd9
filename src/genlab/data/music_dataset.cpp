// Music data sets: MIDI pieces as Performance-RNN events (music/events.h), split by piece (a hash of
// the piece name, music/corpus.h); every training piece is augmented by each transposition within
// ±data.transpose semitones that keeps all notes in range, each at its own tempo and (with
// data.stretch > 0) slowed and sped up by that fraction; the variants are concatenated into one
// token stream.
#include <fmt/format.h>

#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/data/datasets.h"
#include "genlab/music/corpus.h"
#include "genlab/music/events.h"

namespace genlab::data {
namespace {

music::MusicCorpus read_music(const std::string& path) {
  if (path == k_builtin_music) return music::builtin_music_corpus();
  if (!core::path_exists(path)) fail("{}: no such file or directory", path);
  if (core::is_directory(path)) return music::read_music_corpus(path);
  music::MusicCorpus one;
  one.pieces.push_back({core::file_name(path), music::read_midi(path)});
  return one;
}

std::vector<int32_t> events_of(const music::NoteSequence& sequence) {
  const auto events = music::encode_performance(sequence).events;
  return {events.begin(), events.end()};
}

}  // namespace

MusicSplit load_music_split(const DataConfig& config, const std::string& default_path) {
  if (config.transpose < 0 || config.transpose > 12) fail("data.transpose {}: must be in [0, 12]", config.transpose);
  if (config.stretch < 0 || config.stretch >= 0.5) fail("data.stretch {}: must be in [0, 0.5)", config.stretch);
  const std::string path = config.path.empty() ? default_path : config.path;
  const music::MusicCorpus corpus = read_music(path);
  const auto split = music::split_corpus(corpus, config.val_fraction);
  MusicSplit out;
  for (const auto& s : corpus.skipped) out.skipped.push_back(s.path + ": " + s.reason);
  std::vector<double> tempos = {1.0};
  if (config.stretch > 0) tempos = {1.0 - config.stretch, 1.0, 1.0 + config.stretch};
  for (size_t i : split.train) {
    const auto& piece = corpus.pieces[i].sequence;
    out.train.push_back(piece);
    for (int t = -static_cast<int>(config.transpose); t <= static_cast<int>(config.transpose); ++t) {
      const auto shifted = music::transpose(piece, t);
      if (!shifted) continue;
      for (double factor : tempos)
        out.train_events.push_back(events_of(factor == 1.0 ? *shifted : music::stretch(*shifted, factor)));
    }
  }
  for (size_t i : split.validation) {
    out.validation.push_back(corpus.pieces[i].sequence);
    out.validation_events.push_back(events_of(corpus.pieces[i].sequence));
  }
  out.source = fmt::format("{} ({} pieces, {} notes: {} for training as {} transposed and stretched variants, {} held out)",
                           path, corpus.pieces.size(), corpus.total_notes(), split.train.size(),
                           out.train_events.size(), split.validation.size());
  return out;
}

std::unique_ptr<Dataset> open_music_dataset(const DataConfig& config, const std::string& path, uint64_t seed) {
  DataConfig c = config;
  c.path = path;
  const MusicSplit split = load_music_split(c, path);
  for (const auto& s : split.skipped) fmt::print(stderr, "genlab: skipped {}\n", s);
  std::vector<int32_t> train, val;
  for (const auto& events : split.train_events) train.insert(train.end(), events.begin(), events.end());
  for (const auto& events : split.validation_events) val.insert(val.end(), events.begin(), events.end());
  DataInfo info;
  info.modality = Modality::music;
  info.example_shape = {config.context};
  info.vocab_size = music::k_event_count;
  info.source = split.source;
  return make_token_dataset(std::move(train), std::move(val), std::move(info), config, seed);
}

}  // namespace genlab::data
