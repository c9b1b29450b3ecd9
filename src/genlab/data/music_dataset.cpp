// Music data sets: MIDI pieces as Performance-RNN events (music/events.h), split by piece (a hash of
// the piece name, music/corpus.h), training pieces augmented by every transposition within
// ±data.transpose semitones that keeps all notes in range, then concatenated into one token stream.
#include <fmt/format.h>

#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/data/datasets.h"
#include "genlab/music/corpus.h"
#include "genlab/music/events.h"

namespace genlab::data {
namespace {

constexpr const char* k_builtin_music = "builtin:music";

music::MusicCorpus read_music(const std::string& path) {
  if (path == k_builtin_music) return music::builtin_music_corpus();
  if (!core::path_exists(path)) fail("{}: no such file or directory", path);
  if (core::is_directory(path)) return music::read_music_corpus(path);
  music::MusicCorpus one;
  one.pieces.push_back({core::file_name(path), music::read_midi(path)});
  return one;
}

}  // namespace

std::unique_ptr<Dataset> open_music_dataset(const DataConfig& config, const std::string& path, uint64_t seed) {
  if (config.transpose < 0 || config.transpose > 12) fail("data.transpose {}: must be in [0, 12]", config.transpose);
  const music::MusicCorpus corpus = read_music(path);
  for (const auto& s : corpus.skipped) fmt::print(stderr, "genlab: skipped {}: {}\n", s.path, s.reason);
  const auto split = music::split_corpus(corpus, config.val_fraction);
  std::vector<int32_t> train, val;
  int64_t variants = 0;
  for (size_t i : split.train) {
    for (int t = -static_cast<int>(config.transpose); t <= static_cast<int>(config.transpose); ++t) {
      const auto shifted = music::transpose(corpus.pieces[i].sequence, t);
      if (!shifted) continue;
      const auto events = music::encode_performance(*shifted).events;
      train.insert(train.end(), events.begin(), events.end());
      ++variants;
    }
  }
  for (size_t i : split.validation) {
    const auto events = music::encode_performance(corpus.pieces[i].sequence).events;
    val.insert(val.end(), events.begin(), events.end());
  }
  DataInfo info;
  info.modality = Modality::music;
  info.example_shape = {config.context};
  info.vocab_size = music::k_event_count;
  info.source = fmt::format("{} ({} pieces, {} notes: {} for training as {} transposed variants, {} held out)", path,
                            corpus.pieces.size(), corpus.total_notes(), split.train.size(), variants,
                            split.validation.size());
  return make_token_dataset(std::move(train), std::move(val), std::move(info), config, seed);
}

}  // namespace genlab::data
