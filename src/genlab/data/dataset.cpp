// open_dataset(): checks the shared [data] settings and hands over to the modality's reader.
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/data/datasets.h"

namespace genlab::data {

const char* modality_name(Modality m) {
  switch (m) {
    case Modality::image: return "image";
    case Modality::text: return "text";
    case Modality::music: return "music";
  }
  return "?";
}

Modality parse_modality(const std::string& name, const std::string& what) {
  for (Modality m : {Modality::image, Modality::text, Modality::music})
    if (name == modality_name(m)) return m;
  fail("{}: unknown modality '{}'; choose image, text or music", what, name);
}

bool is_midi_path(const std::string& path) {
  auto midi_name = [](const std::string& p) {
    const auto dot = p.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : p.substr(dot);
    return ext == ".mid" || ext == ".midi" || ext == ".MID";
  };
  if (path == k_builtin_music) return true;
  if (!core::is_directory(path)) return midi_name(path);
  for (const auto& f : core::list_files(path))
    if (midi_name(f)) return true;
  return false;
}

std::unique_ptr<Dataset> open_dataset(const DataConfig& config, Modality modality, const std::string& default_path,
                                      uint64_t seed, std::shared_ptr<const text::Tokenizer> tokenizer) {
  if (config.val_fraction < 0 || config.val_fraction >= 1)
    fail("data.val_fraction {}: must be in [0, 1)", config.val_fraction);
  if (config.context <= 0) fail("data.context {}: must be positive", config.context);
  if (config.batching != "windows" && config.batching != "streams")
    fail("data.batching '{}': unknown; choose windows or streams", config.batching);
  const std::string path = config.path.empty() ? default_path : config.path;
  switch (modality) {
    case Modality::image: return open_image_dataset(config, path, config.path.empty(), seed);
    case Modality::text: return open_text_dataset(config, path, seed, std::move(tokenizer));
    case Modality::music: return open_music_dataset(config, path, seed);
  }
  fail("{}: {} data sets are not supported", path, modality_name(modality));
}

}  // namespace genlab::data
