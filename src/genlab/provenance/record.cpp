// Provenance record <-> canonical JSON, signing and checking. nlohmann::json's default object is a
// std::map, so dump() without indent is already canonical (sorted keys, no whitespace), and its
// number output (integers exact, doubles in shortest round-trip form) re-dumps identically after
// parsing, which is what lets a verifier rebuild the signed bytes from the stored record.
#include "genlab/provenance/record.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "genlab/core/check.h"

namespace genlab::provenance {
namespace {

using nlohmann::json;

json object_field(const std::string& text, const char* name) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) fail("provenance record: '{}' must be a JSON object, got '{}'", name, text);
  return j;
}

json to_json(const ProvenanceRecord& r) {
  json j = {{"format_version", r.format_version},
            {"generator", r.generator},
            {"generator_version", r.generator_version},
            {"model_family", r.model_family},
            {"checkpoint_hash", r.checkpoint_hash},
            {"sampling", object_field(r.sampling, "sampling")},
            {"seed", r.seed},
            {"created", r.created},
            {"watermark", object_field(r.watermark, "watermark")},
            {"embedding", r.embedding},
            {"content_hash", r.content_hash},
            {"signer", r.signer}};
  if (r.prompt_length) j["prompt_length"] = *r.prompt_length;
  return j;
}

std::string dump(const json& j) {
  try {
    return j.dump();
  } catch (const json::type_error&) {
    fail("provenance record: a field is not valid UTF-8");
  }
}

// Reads the fields into record; returns the problem, or "" when all are present and well typed.
std::string read_fields(const json& j, ProvenanceRecord& record) {
  const auto text = [&](const char* name, std::string& out) {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return fmt::format("'{}' must be a string", name);
    out = it->get<std::string>();
    return std::string();
  };
  const auto object = [&](const char* name, std::string& out) {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_object()) return fmt::format("'{}' must be an object", name);
    out = it->dump();
    return std::string();
  };
  for (const std::string& problem :
       {text("generator", record.generator), text("generator_version", record.generator_version),
        text("model_family", record.model_family), text("checkpoint_hash", record.checkpoint_hash),
        object("sampling", record.sampling), text("created", record.created),
        object("watermark", record.watermark), text("embedding", record.embedding),
        text("content_hash", record.content_hash), text("signer", record.signer),
        text("signature", record.signature)})
    if (!problem.empty()) return problem;
  const auto seed = j.find("seed");
  if (seed == j.end() || !seed->is_number_unsigned())
    return "'seed' must be a non-negative integer";
  record.seed = seed->get<uint64_t>();
  if (const auto length = j.find("prompt_length"); length != j.end()) {
    if (!length->is_number_integer()) return "'prompt_length' must be an integer";
    record.prompt_length = length->get<int64_t>();
  }
  return "";
}

// The major version of "<major>[.<minor>]", or -1 when the text is not of that form.
int major_version(const std::string& version) {
  const std::string major = version.substr(0, version.find('.'));
  if (major.empty() || major.size() > 6 ||
      major.find_first_not_of("0123456789") != std::string::npos)
    return -1;
  return std::stoi(major);
}

}  // namespace

std::string canonical_json(const ProvenanceRecord& record, bool with_signature) {
  json j = to_json(record);
  if (with_signature) j["signature"] = record.signature;
  return dump(j);
}

std::string sign_record(ProvenanceRecord& record, const KeyPair& key) {
  if (record.generator_version.empty()) record.generator_version = GENLAB_VERSION;
  if (record.created.empty()) record.created = utc_now_iso8601();
  record.signer = to_hex(key.public_key.data(), key.public_key.size());
  const Signature signature = sign(canonical_json(record, /*with_signature=*/false), key);
  record.signature = to_hex(signature.data(), signature.size());
  return canonical_json(record);
}

CheckedRecord check_record(std::string_view text) {
  CheckedRecord out;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    out.problem = "provenance record is not a JSON object";
    return out;
  }
  const auto version = j.find("format_version");
  const int major =
      version != j.end() && version->is_string() ? major_version(version->get<std::string>()) : -1;
  if (major < 1) {
    out.problem = "provenance record has no valid 'format_version'";
    return out;
  }
  if (major > k_record_version) {
    out.state = RecordState::newer_version;
    out.problem = fmt::format(
        "provenance record version {} is newer than this genlab (reads {}); upgrade genlab", major,
        k_record_version);
    return out;
  }
  out.record.format_version = version->get<std::string>();
  if (const std::string problem = read_fields(j, out.record); !problem.empty()) {
    out.problem = "provenance record field " + problem;
    return out;
  }
  PublicKey signer{};
  Signature signature{};
  if (!from_hex(out.record.signer, signer.data(), signer.size()) ||
      !from_hex(out.record.signature, signature.data(), signature.size())) {
    out.problem = "provenance record signer or signature is not hex of the right length";
    return out;
  }
  j.erase("signature");
  const bool valid = signature_valid(dump(j), signature, signer);
  out.state = valid ? RecordState::valid : RecordState::bad_signature;
  if (!valid) out.problem = "provenance record signature does not match its signer key";
  return out;
}

ProvenanceRecord parse_record(std::string_view text, const std::string& subject) {
  CheckedRecord checked = check_record(text);
  if (checked.state != RecordState::valid) fail("{}: {}", subject, checked.problem);
  return checked.record;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace genlab::provenance
