// The process's Labeler (watermark + signed provenance) built from the user's signing key, which
// is loaded when the first file is labelled, or created then and announced on stderr (see provenance/labeler.h, docs/formats/provenance.md).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "genlab/provenance/labeler.h"

namespace genlab::cli {

std::shared_ptr<provenance::Labeler> make_labeler(bool watermark);

// The visitor struct_json passes to fields().
class JsonWriter {
 public:
  template <class F>
  void operator()(const char* key, F& field, const char* /*help*/) { json[key] = field; }
  nlohmann::json json = nlohmann::json::object();
};

// A config struct's fields (its fields(V&) visitor) as a JSON object, for records.
template <class Config>
nlohmann::json struct_json(Config& config) {
  JsonWriter w;
  config.fields(w);
  return w.json;
}

// The visitor struct_from_json passes to fields(): sets each field the JSON object has.
class JsonReader {
 public:
  explicit JsonReader(const nlohmann::json& json) : m_json(json) {}
  template <class F>
  void operator()(const char* key, F& field, const char* /*help*/) {
    if (m_json.contains(key)) field = m_json.at(key).get<F>();
  }

 private:
  const nlohmann::json& m_json;
};

// Sets a config struct's fields from a JSON object written by struct_json (other keys are ignored).
template <class Config>
void struct_from_json(Config& config, const nlohmann::json& json) {
  JsonReader r(json);
  config.fields(r);
}

}  // namespace genlab::cli
