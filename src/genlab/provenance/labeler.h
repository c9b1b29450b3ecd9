// What genlab stamps on every file of generated content it writes: an invisible watermark where the
// content has one (images: spread spectrum on luminance; text: green-list logit bias, applied by
// the sampler) and a signed provenance record embedded in the file (or a sidecar). One Labeler per
// process, built from the user's signing key, which is loaded (or created) only when the first
// file is labelled; the watermark key is derived from it.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "genlab/image/image.h"
#include "genlab/provenance/image_watermark.h"
#include "genlab/provenance/keys.h"
#include "genlab/provenance/record.h"
#include "genlab/provenance/text_watermark.h"

namespace genlab::provenance {

class Labeler {
 public:
  using KeySource = std::function<KeyPair()>;
  // key_source runs once, on first use. watermark = false: files are signed but carry no
  // watermark (recorded as {"enabled":false}).
  Labeler(KeySource key_source, bool watermark);

  bool watermarking() const { return m_watermark; }
  const KeyPair& key() const;
  const WatermarkKey& watermark_key() const;

  // The image as it will be written: watermarked, or unchanged when watermarking is off.
  Image mark(const Image& image) const;
  // The watermark parameters for a record (never the key).
  std::string image_watermark_json() const;
  std::string text_watermark_json() const;

  // Signs the file at path (already written) with record, embedding the record (see embed.h).
  void sign(const std::string& path, const ProvenanceRecord& record) const;

  ImageWatermarkParams image_params;
  TextWatermarkParams text_params;

 private:
  void load() const;

  KeySource m_key_source;
  bool m_watermark;
  mutable std::optional<KeyPair> m_key;
  mutable WatermarkKey m_watermark_key{};
};

// BLAKE2b-256 hex of a file's bytes (the checkpoint a record names). Throws Error when unreadable.
std::string file_hash(const std::string& path);

}  // namespace genlab::provenance
