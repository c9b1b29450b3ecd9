// genlab's container for checkpoints: magic + format version + JSON header (which indexes the
// tensors: dtype, shape, offset) + the tensors' raw bytes + a BLAKE2b-256 checksum of everything
// before it. Reading (core::CheckpointFile underneath) maps the file, verifies the checksum and
// copies out only the tensors asked for (sampling skips the optimizer state). Format 1 files, whose
// payload was a LibTorch tensor archive, are still read. The byte layout is specified in
// docs/formats/checkpoint.md. Writes are atomic (core::AtomicFile).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "genlab/backend/torch.h"
#include "genlab/core/checkpoint_file.h"

namespace genlab::backend {

class ArchiveWriter {
 public:
  ArchiveWriter();
  nlohmann::json& header() { return m_header; }
  // Stores t under key (keys are unique): a reference, so t must not change before save(); a
  // device or non-contiguous tensor is copied to a contiguous CPU tensor.
  void put(const std::string& key, const torch::Tensor& t);
  // Streams the archive to path atomically: peak memory is a write buffer, not the file's size.
  // Throws Error on I/O failure.
  void save(const std::string& path);

 private:
  nlohmann::json m_header;
  std::vector<std::pair<std::string, torch::Tensor>> m_tensors;  // contiguous CPU tensors, in put order
};

class ArchiveReader {
 public:
  // Reads and verifies path. Throws Error naming path: "not a genlab checkpoint", "truncated",
  // "checksum mismatch (file corrupted)", "checkpoint format version N is not one this genlab reads (1..2)".
  explicit ArchiveReader(const std::string& path);
  const std::string& path() const { return m_file.path(); }
  const nlohmann::json& header() const { return m_file.header(); }
  // BLAKE2b-256 of the whole file, as core::blake2b_256_of_file gives it (provenance records name
  // checkpoints by it), computed in the same pass as the checksum.
  const core::Digest& file_digest() const { return m_file.file_digest(); }
  bool has(const std::string& key) const;
  // Throws Error "<path>: missing tensor '<key>'; ..." when absent. Returned on CPU.
  torch::Tensor get(const std::string& key) const;
  std::vector<std::string> keys() const { return m_keys; }

 private:
  core::CheckpointFile m_file;
  std::vector<std::string> m_keys;
  mutable torch::serialize::InputArchive m_archive;  // format 1: LibTorch's archive, read whole
};

}  // namespace genlab::backend
