// The provenance record: what made a file, bound to its exact bytes and signed with Ed25519.
// This file is the record itself (fields, canonical JSON, signing, parsing and checking); where a
// record lives inside a PNG/GIF/WAV/MIDI file is container.h, files are embed.h, and the verdict
// for a user is verify.h. Spec: docs/formats/provenance.md. Torch-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "genlab/provenance/keys.h"

namespace genlab::provenance {

constexpr int k_record_version = 1;  // the major format version this genlab reads and writes

struct ProvenanceRecord {
  std::string format_version = "1";      // "<major>" or "<major>.<minor>"; newer majors are refused
  std::string generator = "genlab";      // program that wrote the record
  std::string generator_version;         // genlab version; "" = this build's, filled on signing
  std::string model_family;              // registry name, e.g. "dcgan"
  std::string checkpoint_hash;           // BLAKE2b-256 hex of the checkpoint file; "" if none
  std::string sampling = "{}";           // sampling settings: a JSON object, as text
  uint64_t seed = 0;                     // RNG seed the sample was drawn with
  std::optional<int64_t> prompt_length;  // text only: prompt length in UTF-8 bytes
  std::string created;                   // UTC ISO-8601 "2026-05-01T12:00:00Z"; "" = now
  std::string watermark =
      R"({"enabled":false})";  // watermark parameters (JSON object), never the key
  std::string embedding;       // png | gif | wav | midi | sidecar (set by sign_and_embed)
  std::string content_hash;    // BLAKE2b-256 hex of the file without the record
  std::string signer;          // Ed25519 public key, 64 hex digits (set on signing)
  std::string signature;       // Ed25519 signature, 128 hex digits (set on signing)
};

// Canonical JSON: keys sorted by byte value, no whitespace, UTF-8, integers as integers and other
// numbers in shortest round-trip form; prompt_length omitted when absent. with_signature = false
// gives the exact bytes the signature covers. Throws Error when sampling or watermark is not a
// JSON object or a field is not valid UTF-8.
std::string canonical_json(const ProvenanceRecord& record, bool with_signature = true);

// Fills generator_version and created (when empty), signer and signature, and returns the signed
// record as canonical JSON.
std::string sign_record(ProvenanceRecord& record, const KeyPair& key);

// What check_record found. Checked in this order: JSON and version, then fields, then signature.
enum class RecordState {
  valid,          // parsed, and the signature matches the embedded signer key
  malformed,      // not JSON, a field missing or of the wrong type
  newer_version,  // format_version's major is above k_record_version
  bad_signature,  // the signature does not verify against the signer key
};

struct CheckedRecord {
  RecordState state = RecordState::malformed;
  ProvenanceRecord record;  // filled when state is valid or bad_signature
  std::string problem;      // for anything but valid: what is wrong, e.g. "'seed' must be ..."
};

// Parses a record and verifies its signature over the canonical JSON of every field but
// "signature" (unknown fields of a newer minor version included). Never throws for bad input.
CheckedRecord check_record(std::string_view text);

// check_record, throwing Error "<subject>: <problem>" unless the record is valid, e.g.
// "out.png: provenance record version 2 is newer than this genlab (reads 1); upgrade genlab".
ProvenanceRecord parse_record(std::string_view text, const std::string& subject);

// The current time as UTC ISO-8601 with seconds, e.g. "2026-05-01T12:00:00Z".
std::string utc_now_iso8601();

}  // namespace genlab::provenance
