// sign_and_embed and read_stored_record: read the whole file, splice through container.h, write
// through AtomicFile. Files are small (samples), so whole-buffer hashing is fine.
#include "genlab/provenance/embed.h"

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/core/hash.h"

namespace genlab::provenance {

ProvenanceRecord sign_and_embed(const std::string& path, ProvenanceRecord record,
                                const KeyPair& key) {
  const std::string bytes = core::read_file(path);
  const Container container = detect_container(path, bytes);
  const std::string content = strip_record(bytes, container, path);
  record.embedding = container_name(container);
  record.content_hash = core::to_hex(core::blake2b_256(content));
  const std::string text = sign_record(record, key);
  if (container == Container::sidecar)
    core::write_file_atomic(sidecar_path(path), text + "\n");
  else
    core::write_file_atomic(path, embed_record(content, container, text, path));
  return record;
}

StoredRecord read_stored_record(const std::string& path) {
  if (core::is_directory(path)) fail("{}: is a directory, not a file", path);
  return stored_record_of(path, core::read_file(path));
}

StoredRecord stored_record_of(const std::string& path, const std::string& bytes) {
  StoredRecord out;
  out.container = detect_container(path, bytes);
  if (out.container == Container::sidecar) {
    if (core::path_exists(sidecar_path(path))) out.text = core::read_file(sidecar_path(path));
    out.content = bytes;
    return out;
  }
  out.text = extract_record(bytes, out.container, path);
  out.content = strip_record(bytes, out.container, path);
  return out;
}

ProvenanceRecord read_record(const std::string& path) {
  const StoredRecord stored = read_stored_record(path);
  if (!stored.text) fail("{}: no provenance record", path);
  return parse_record(*stored.text, path);
}

}  // namespace genlab::provenance
