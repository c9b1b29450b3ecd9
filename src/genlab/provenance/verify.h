// The verdict on a file's provenance, for `genlab verify` and the server: was it signed, by whom,
// is it unchanged since, and what made it. Torch-free.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "genlab/provenance/keys.h"
#include "genlab/provenance/record.h"

namespace genlab::provenance {

// One status per file, each with its own exit code for `genlab verify` (1 and 2 stay the CLI's
// "error" and "internal error"). With several files the command exits with the code of the first
// file that is not signed_intact.
enum class VerifyStatus {
  signed_intact,        // 0: valid signature, trusted (or any) signer, content hash matches
  no_record,            // 3: the file carries no record (and has no sidecar)
  content_modified,     // 4: the record is intact but the file's content changed after signing
  record_tampered,      // 5: the record does not parse or its signature does not verify
  untrusted_signer,     // 6: valid signature by a key that is not among the trusted keys
  unsupported_version,  // 7: the record's format version is newer than this genlab reads
  unreadable,           // 8: not a readable file, or its bytes disagree with its extension
};

int exit_code(VerifyStatus status);
const char* status_name(VerifyStatus status);  // "signed_intact", "no_record", ...

struct VerifyResult {
  std::string path;
  VerifyStatus status = VerifyStatus::unreadable;
  std::string message;                     // one line, starting with the path
  std::string signer_key_id;               // key_id() of the signer; "" when unknown
  std::string made_by;                     // "dcgan, checkpoint 3f9a12bc0d1e, 2026-05-01T12:00:00Z"
  std::optional<ProvenanceRecord> record;  // when the record parsed (signature valid or not)
};

// Checks one file: record present, version supported, signature valid, signer trusted (every
// valid signer when trusted is empty), content hash equal to the BLAKE2b-256 of the file without
// its record. Never throws for bad input: problems become the status.
VerifyResult verify_file(const std::string& path, const std::vector<PublicKey>& trusted = {});

// {"path":..., "status":..., "exit_code":..., "message":..., "signer_key_id":..., "made_by":...,
//  "record":{...}} as one line of JSON ("record" only when it parsed).
std::string to_json(const VerifyResult& result);

// `genlab verify PATH... [--trust KEY]... [--json]`: verifies each path, printing one line per
// file (or, with json, one JSON array of to_json objects), and returns the exit code. trusted
// holds 64-hex keys or public key file paths; a bad one throws Error (exit 1).
int run_verify(const std::vector<std::string>& paths, const std::vector<std::string>& trusted,
               bool json, std::ostream& out);

}  // namespace genlab::provenance
