// Checkpoint container read/write (see archive.h and docs/formats/checkpoint.md).
#include "genlab/backend/archive.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/hash.h"

namespace genlab::backend {
namespace {

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
// dtype names of format 2 (docs/formats/checkpoint.md).
constexpr std::pair<const char*, torch::ScalarType> k_dtypes[] = {
    {"float32", torch::kFloat32}, {"float64", torch::kFloat64}, {"float16", torch::kFloat16},
    {"bfloat16", torch::kBFloat16}, {"int64", torch::kInt64}, {"int32", torch::kInt32},
    {"int16", torch::kInt16}, {"int8", torch::kInt8}, {"uint8", torch::kUInt8}, {"bool", torch::kBool},
};

const char* dtype_name(torch::ScalarType t) {
  for (const auto& [name, type] : k_dtypes)
    if (type == t) return name;
  GENLAB_CHECK(false, "checkpoint: tensors of type {} cannot be stored", c10::toString(t));
  return nullptr;
}

torch::ScalarType dtype_of(const std::string& name) {
  for (const auto& [n, type] : k_dtypes)
    if (name == n) return type;
  GENLAB_CHECK(false, "checkpoint: dtype '{}' has no LibTorch type", name);
  return torch::kFloat32;
}

constexpr size_t k_align = core::k_checkpoint_align;
size_t aligned(size_t n) { return (n + k_align - 1) / k_align * k_align; }

}  // namespace

ArchiveWriter::ArchiveWriter() : m_header(nlohmann::json::object()) {}

void ArchiveWriter::put(const std::string& key, const torch::Tensor& t) {
  for (const auto& [k, _] : m_tensors) GENLAB_CHECK(k != key, "duplicate archive key '{}'", key);
  auto stored = t.detach().to(torch::kCPU).contiguous();
  dtype_name(stored.scalar_type());  // refuse an unsupported type now, not at save()
  m_tensors.emplace_back(key, std::move(stored));
}

void ArchiveWriter::save(const std::string& path) {
  // The header indexes every tensor (offsets from the payload's start, each a multiple of k_align)
  // and is padded with spaces so that the payload starts on a multiple of k_align in the file.
  auto index = nlohmann::json::array();
  uint64_t payload_len = 0;
  for (const auto& [key, t] : m_tensors) {
    payload_len = aligned(payload_len);
    index.push_back({{"key", key}, {"dtype", dtype_name(t.scalar_type())}, {"shape", t.sizes().vec()},
                     {"offset", payload_len}, {"nbytes", t.nbytes()}});
    payload_len += t.nbytes();
  }
  m_header["tensors"] = std::move(index);
  std::string header = m_header.dump();
  const size_t fixed = sizeof core::k_checkpoint_magic + 4 + 8;
  header.resize(aligned(fixed + header.size() + 8) - fixed - 8, ' ');
  std::string prefix(core::k_checkpoint_magic, sizeof core::k_checkpoint_magic);
  put_u32(prefix, core::k_checkpoint_format_version);
  put_u64(prefix, header.size());
  prefix += header;
  put_u64(prefix, payload_len);

  // Streamed: peak memory is the write buffer, not the file's size; hashed on the way.
  core::AtomicFile file(path);
  core::Blake2b256 hash;
  auto emit = [&](const void* data, size_t size) {
    hash.update(data, size);
    file.write(data, size);
  };
  emit(prefix.data(), prefix.size());
  static constexpr char k_zeros[k_align] = {};
  uint64_t written = 0;
  for (const auto& [key, t] : m_tensors) {
    emit(k_zeros, aligned(written) - written);
    written = aligned(written);
    emit(t.data_ptr(), t.nbytes());
    written += t.nbytes();
  }
  const core::Digest digest = hash.finish();
  file.write(digest.data(), digest.size());
  file.commit();
}

ArchiveReader::ArchiveReader(const std::string& path) : m_file(path) {
  if (m_file.version() >= 2) {
    for (const auto& t : m_file.tensors()) m_keys.push_back(t.key);
    return;
  }
  try {
    for (const auto& k : header().at("tensor_keys")) m_keys.push_back(k.get<std::string>());
    // Read in place from the file image (LibTorch copies each tensor out while loading).
    const std::string_view payload = m_file.payload();
    m_archive.load_from(payload.data(), payload.size(), torch::Device(torch::kCPU));
  } catch (const nlohmann::json::exception& e) {
    fail("{}: checkpoint header is not valid: {}", path, e.what());
  } catch (const c10::Error& e) {
    fail("{}: checkpoint tensors cannot be read: {}", path, e.what_without_backtrace());
  }
}

bool ArchiveReader::has(const std::string& key) const {
  return std::find(m_keys.begin(), m_keys.end(), key) != m_keys.end();
}

torch::Tensor ArchiveReader::get(const std::string& key) const {
  if (!has(key)) fail("{}: missing tensor '{}'; the checkpoint does not match this model", path(), key);
  torch::Tensor t;
  if (m_file.version() < 2) {
    m_archive.read(key, t);
    return t;
  }
  const core::StoredTensor& e = *m_file.find(key);
  t = torch::empty(e.shape, torch::TensorOptions().dtype(dtype_of(e.dtype)));
  if (e.nbytes > 0) std::memcpy(t.data_ptr(), m_file.data(e), e.nbytes);
  return t;
}

}  // namespace genlab::backend
