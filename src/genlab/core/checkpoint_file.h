// Reading genlab's checkpoint container without LibTorch: the file mapped read-only, its checksum
// verified, its JSON header parsed and (format 2) its tensors indexed as raw bytes in the mapping.
// backend::ArchiveReader builds tensors on it; torch-free programs (the fast `genlab sample` path)
// use the bytes in place. The byte layout is specified in docs/formats/checkpoint.md.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "genlab/core/hash.h"

namespace genlab::core {

inline constexpr char k_checkpoint_magic[8] = {'G', 'E', 'N', 'L', 'A', 'B', 'C', 'K'};
inline constexpr uint32_t k_checkpoint_format_version = 2;
// Tensor data and the header's end sit on multiples of this in the file.
inline constexpr size_t k_checkpoint_align = 64;

// Bytes per element of a format-2 dtype name ("float32", "int64", ...); 0 for an unknown name.
size_t checkpoint_dtype_size(std::string_view dtype);

// A format-2 tensor in the mapped file.
struct StoredTensor {
  std::string key;
  std::string dtype;           // a name checkpoint_dtype_size knows
  std::vector<int64_t> shape;  // row-major
  size_t offset = 0;           // from the start of the file; a multiple of k_checkpoint_align
  size_t nbytes = 0;           // elements x the dtype's size
};

// Run directory -> path of its latest checkpoint (checkpoints/latest names it); a file path is
// returned as it is. Throws Error naming the path when it is neither.
std::string resolve_checkpoint(const std::string& model_path);

// The JSON header alone, read without mapping or verifying the rest of the file (to decide what to
// do with a checkpoint before paying for the checksum). Throws Error naming path when the file is
// not a genlab checkpoint or its header is cut short or not JSON.
nlohmann::json peek_checkpoint_header(const std::string& path);

class MappedFile;  // a read-only file mapping (checkpoint_file.cpp)

class CheckpointFile {
 public:
  // Maps and verifies path. Throws Error naming path: "not a genlab checkpoint", "truncated",
  // "checksum mismatch (file corrupted)", "checkpoint format version N is not one this genlab reads
  // (1..2)", or a damaged header or tensor index.
  explicit CheckpointFile(const std::string& path);
  ~CheckpointFile();
  CheckpointFile(const CheckpointFile&) = delete;
  CheckpointFile& operator=(const CheckpointFile&) = delete;

  const std::string& path() const { return m_path; }
  uint32_t version() const { return m_version; }
  const nlohmann::json& header() const { return m_header; }
  // BLAKE2b-256 of the whole file, as blake2b_256_of_file gives it (provenance records name
  // checkpoints by it), computed in the same pass as the checksum.
  const Digest& file_digest() const { return m_file_digest; }
  // Format 2: every tensor, in file order; format 1: none (its payload is a LibTorch archive).
  const std::vector<StoredTensor>& tensors() const { return m_tensors; }
  const StoredTensor* find(const std::string& key) const;  // nullptr when absent
  const void* data(const StoredTensor& t) const;           // the tensor's bytes in the mapping
  std::string_view payload() const;                        // the bytes after the header (format 1)

 private:
  void index_tensors(size_t payload_begin, size_t payload_len);

  std::string m_path;
  uint32_t m_version = 0;
  nlohmann::json m_header;
  Digest m_file_digest{};
  std::unique_ptr<MappedFile> m_file;
  size_t m_payload_begin = 0, m_payload_len = 0;
  std::vector<StoredTensor> m_tensors;
};

}  // namespace genlab::core
