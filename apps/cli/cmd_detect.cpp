// `genlab detect FILE... [--key K] [--model M] [--json]`: looks for genlab's invisible watermark.
// Images (PNG; GIF: every frame) need only the key; text needs the key and the tokenizer, from
// --model or from the model named in the file's provenance record. Text with a record is scored
// after its prompt; without one (or stripped of it) it is scored in full. Exit codes: 0 every file
// watermarked, 3 at least one not.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/cli/commands.h"
#include "genlab/backend/archive.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/image/gif.h"
#include "genlab/image/png.h"
#include "genlab/models/serialize.h"
#include "genlab/provenance/embed.h"
#include "genlab/provenance/image_watermark.h"
#include "genlab/provenance/text_watermark.h"

namespace genlab::cli {
namespace {

constexpr int k_not_watermarked_exit = 3;

struct DetectOptions {
  std::vector<std::string> files;  // files to check
  std::string key;                 // secret key file; "" = the user's default key
  std::string model;               // text: run directory or .ckpt whose tokenizer to use
  bool json = false;               // one JSON object per line instead of text
};

struct Finding {
  double z = 0, p = 1;
  bool watermarked = false;
  std::string detail;  // what was scored
};

provenance::KeyPair signing_key(const DetectOptions& o) {
  if (!o.key.empty()) return provenance::load_secret_key(o.key);
  const std::string path = provenance::secret_key_path(provenance::default_key_dir());
  if (!core::path_exists(path))
    fail("{}: no signing key; pass --key FILE (the key that generated the files)", path);
  return provenance::load_secret_key(path);
}

Finding detect_image(const Image& img, const provenance::WatermarkKey& key) {
  const auto d = provenance::detect_image_watermark(img, key);
  return {d.z, d.p_value, d.watermarked,
          fmt::format("{}x{} image, {} pixels scored, shift ({}, {})", img.width, img.height, d.pixels_scored,
                      d.shift_x, d.shift_y)};
}

std::shared_ptr<const text::Tokenizer> tokenizer_for(const std::string& model_path, const std::string& file) {
  if (model_path.empty())
    fail("{}: text needs the model's tokenizer; pass --model RUN (the file names no usable model)", file);
  backend::ArchiveReader archive(core::resolve_checkpoint(model_path));
  auto info = models::data_info_from_header(archive);
  if (!info.tokenizer) fail("{}: not a text model (no tokenizer)", model_path);
  return info.tokenizer;
}

Finding detect_text(const std::string& path, const std::string& bytes, const DetectOptions& o,
                    const provenance::WatermarkKey& key) {
  const auto stored = provenance::stored_record_of(path, bytes);
  std::string model = o.model;
  int64_t prompt_bytes = 0;
  if (stored.text) {
    const auto checked = provenance::check_record(*stored.text);
    if (checked.state == provenance::RecordState::valid) {
      const auto sampling = nlohmann::json::parse(checked.record.sampling, nullptr, false);
      if (model.empty() && sampling.is_object()) model = sampling.value("model", "");
      prompt_bytes = checked.record.prompt_length.value_or(0);
    }
  }
  const auto tokenizer = tokenizer_for(model, path);
  const std::string& content = stored.content;
  if (prompt_bytes > static_cast<int64_t>(content.size())) prompt_bytes = 0;
  auto tokens = tokenizer->encode(std::string_view(content).substr(0, static_cast<size_t>(prompt_bytes)));
  const auto prompt_tokens = static_cast<int64_t>(tokens.size());
  const auto generated = tokenizer->encode(std::string_view(content).substr(static_cast<size_t>(prompt_bytes)));
  tokens.insert(tokens.end(), generated.begin(), generated.end());
  const auto d = provenance::detect_text_watermark(tokens, prompt_tokens, key);
  return {d.z, d.p_value, d.watermarked,
          fmt::format("text, {} tokens scored ({} green, {:.1f}%), prompt {} tokens skipped", d.tokens_scored,
                      d.green, 100 * d.green_fraction, prompt_tokens)};
}

Finding detect_file(const std::string& path, const DetectOptions& o, const provenance::WatermarkKey& key) {
  const std::string bytes = core::read_file(path);
  switch (provenance::detect_container(path, bytes)) {
    case provenance::Container::png: return detect_image(image::decode_png(bytes, path), key);
    case provenance::Container::gif: {
      const auto gif = image::decode_gif(bytes, path);
      Finding worst;
      for (size_t i = 0; i < gif.frames.size(); ++i) {
        auto f = detect_image(gif.frames[i], key);
        if (i == 0 || f.z < worst.z) worst = f;
      }
      worst.detail = fmt::format("{} GIF frames, weakest frame: {}", gif.frames.size(), worst.detail);
      return worst;
    }
    case provenance::Container::wav:
    case provenance::Container::midi:
      fail("{}: music carries a signed record but no watermark (check it with genlab verify)", path);
    case provenance::Container::sidecar: break;
  }
  return detect_text(path, bytes, o, key);
}

}  // namespace

Runner setup_detect(CLI::App& app) {
  auto o = std::make_shared<DetectOptions>();
  app.add_option("files", o->files, "files to check: PNG/GIF images, or text")->required();
  app.add_option("--key", o->key, "secret key file that generated the files (default: your key)");
  app.add_option("--model", o->model, "text: run directory or .ckpt whose tokenizer to use");
  app.add_flag("--json", o->json, "one JSON object per file");
  return [o] {
    const auto key = provenance::derive_watermark_key(signing_key(*o));
    int code = 0;
    for (const auto& path : o->files) {
      const Finding f = detect_file(path, *o, key);
      if (!f.watermarked) code = k_not_watermarked_exit;
      if (o->json)
        std::cout << nlohmann::json{{"path", path}, {"watermarked", f.watermarked}, {"z", f.z}, {"p_value", f.p},
                                    {"detail", f.detail}}.dump()
                  << "\n";
      else
        fmt::print("{}: {} (z = {:.2f}, p = {:.2g}; {})\n", path, f.watermarked ? "watermarked" : "not watermarked",
                   f.z, f.p, f.detail);
    }
    return code;
  };
}

}  // namespace genlab::cli
