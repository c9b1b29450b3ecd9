// Signing a file in place and reading its record back: the file-level half of provenance
// (container.h does the bytes). Torch-free.
#pragma once

#include <optional>
#include <string>

#include "genlab/provenance/container.h"
#include "genlab/provenance/keys.h"
#include "genlab/provenance/record.h"

namespace genlab::provenance {

// Signs the file at path as it is now and stores the record: inside the file for PNG, GIF, WAV
// and MIDI (rewritten atomically), in path.prov.json for anything else. `record` supplies what
// made the file (family, checkpoint hash, sampling, seed, watermark, ...); embedding,
// content_hash, signer, signature and, when empty, created and generator_version are filled
// here. A record already in the file is replaced. Returns the record as signed.
// Throws Error when the file cannot be read or written, or its bytes disagree with its extension.
ProvenanceRecord sign_and_embed(const std::string& path, ProvenanceRecord record,
                                const KeyPair& key);

// A file's record text and container; text is nullopt when the file carries no record.
struct StoredRecord {
  Container container = Container::sidecar;
  std::optional<std::string> text;  // the record JSON as stored
  std::string content;              // the file's bytes without the record (what content_hash binds)
};

// Reads path (and path.prov.json for sidecar files). Throws Error when the file cannot be read,
// its bytes disagree with its extension, or its structure cannot be walked.
StoredRecord read_stored_record(const std::string& path);

// read_stored_record on the file's bytes already in memory (path.prov.json is still read for
// sidecar files).
StoredRecord stored_record_of(const std::string& path, const std::string& bytes);

// The record of a file, checked (signature valid, version supported; the content hash is not
// compared: that is verify_file). Throws Error "<path>: no provenance record" or
// "<path>: <problem>".
ProvenanceRecord read_record(const std::string& path);

}  // namespace genlab::provenance
