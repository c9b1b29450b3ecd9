// Labelling generated files (see labeler.h).
#include "genlab/provenance/labeler.h"

#include <nlohmann/json.hpp>

#include "genlab/core/hash.h"
#include "genlab/provenance/embed.h"

namespace genlab::provenance {

Labeler::Labeler(KeySource key_source, bool watermark) : m_key_source(std::move(key_source)), m_watermark(watermark) {}

void Labeler::load() const {
  if (m_key) return;
  m_key = m_key_source();
  m_watermark_key = derive_watermark_key(*m_key);
}

const KeyPair& Labeler::key() const {
  load();
  return *m_key;
}

const WatermarkKey& Labeler::watermark_key() const {
  load();
  return m_watermark_key;
}

Image Labeler::mark(const Image& image) const {
  return m_watermark ? embed_image_watermark(image, watermark_key(), image_params) : image;
}

std::string Labeler::image_watermark_json() const {
  if (!m_watermark) return R"({"enabled":false})";
  return nlohmann::json{{"enabled", true},
                        {"scheme", "spread-spectrum-luma"},
                        {"amplitude", image_params.amplitude},
                        {"z_threshold", image_params.z_threshold}}
      .dump();
}

std::string Labeler::text_watermark_json() const {
  if (!m_watermark) return R"({"enabled":false})";
  return nlohmann::json{{"enabled", true},
                        {"scheme", "kirchenbauer-green-list"},
                        {"context", 1},
                        {"gamma", text_params.gamma},
                        {"delta", text_params.delta},
                        {"z_threshold", text_params.z_threshold}}
      .dump();
}

void Labeler::sign(const std::string& path, const ProvenanceRecord& record) const { sign_and_embed(path, record, key()); }

std::string file_hash(const std::string& path) { return core::to_hex(core::blake2b_256_of_file(path)); }

}  // namespace genlab::provenance
