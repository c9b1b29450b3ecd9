// Checkpoint container read/write (see archive.h and docs/formats/checkpoint.md).
#include "genlab/backend/archive.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/hash.h"

namespace genlab::backend {
namespace {

constexpr size_t k_digest_size = 32;

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t get_le(std::string_view in, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(in[pos + i])) << (8 * i);
  return v;
}

// A file mapped read-only and populated in one go: the page cache's pages, with no heap copy and
// no page faults one by one (a 10 MB checkpoint read into a string took 37 ms here, most of it
// faulting fresh pages in).
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail("{}: cannot read: {}", path, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      fail("{}: cannot read: not a regular file", path);
    }
    m_size = static_cast<size_t>(st.st_size);
    if (m_size > 0) m_data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    const int mmap_errno = errno;
    ::close(fd);
    if (m_data == MAP_FAILED) fail("{}: cannot read: {}", path, std::strerror(mmap_errno));
  }
  ~MappedFile() {
    if (m_data != MAP_FAILED && m_data != nullptr) ::munmap(m_data, m_size);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {static_cast<const char*>(m_data), m_size}; }

 private:
  void* m_data = nullptr;
  size_t m_size = 0;
};

}  // namespace

ArchiveWriter::ArchiveWriter() : m_header(nlohmann::json::object()) {}

void ArchiveWriter::put(const std::string& key, const torch::Tensor& t) {
  GENLAB_CHECK(std::find(m_keys.begin(), m_keys.end(), key) == m_keys.end(), "duplicate archive key '{}'", key);
  m_keys.push_back(key);
  m_archive.write(key, t.detach().to(torch::kCPU).contiguous());
}

void ArchiveWriter::save(const std::string& path) {
  m_header["tensor_keys"] = m_keys;
  const std::string header = m_header.dump();
  // The tensor archive is streamed to the file, never held whole: the payload length in front of
  // it comes from a first pass that only counts bytes, and the checksum is computed on the way.
  uint64_t payload_len = 0;
  m_archive.save_to([&payload_len](const void*, size_t size) {
    payload_len += size;
    return size;
  });
  std::string prefix(k_archive_magic, sizeof k_archive_magic);
  put_u32(prefix, k_archive_format_version);
  put_u64(prefix, header.size());
  prefix += header;
  put_u64(prefix, payload_len);

  core::AtomicFile file(path);
  core::Blake2b256 hash;
  auto emit = [&](const void* data, size_t size) {
    hash.update(data, size);
    file.write(data, size);
  };
  emit(prefix.data(), prefix.size());
  uint64_t written = 0;
  m_archive.save_to([&](const void* data, size_t size) {
    emit(data, size);
    written += size;
    return size;
  });
  GENLAB_CHECK(written == payload_len, "{}: the tensor archive changed size between passes ({} then {} bytes)", path,
               payload_len, written);
  const core::Digest digest = hash.finish();
  file.write(digest.data(), digest.size());
  file.commit();
}

ArchiveReader::ArchiveReader(const std::string& path) : m_path(path) {
  const MappedFile file(path);
  const std::string_view bytes = file.bytes();
  const size_t fixed = sizeof k_archive_magic + 4 + 8;
  if (bytes.size() < sizeof k_archive_magic || std::memcmp(bytes.data(), k_archive_magic, sizeof k_archive_magic) != 0)
    fail("{}: not a genlab checkpoint (bad magic); pass a .ckpt written by genlab or a run directory", path);
  if (bytes.size() < fixed + 8 + k_digest_size) fail("{}: truncated checkpoint ({} bytes)", path, bytes.size());
  const size_t body = bytes.size() - k_digest_size;
  const uint64_t header_len = get_le(bytes, fixed - 8, 8);
  if (header_len > body - fixed - 8) fail("{}: truncated checkpoint (header runs past the end)", path);
  const uint64_t payload_len = get_le(bytes, fixed + header_len, 8);
  const uint64_t expected = fixed + header_len + 8 + payload_len + k_digest_size;
  if (expected > bytes.size())
    fail("{}: truncated checkpoint (expected {} bytes, file has {})", path, expected, bytes.size());
  if (expected < bytes.size())
    fail("{}: checkpoint has {} unexpected bytes at its end; the file is damaged", path, bytes.size() - expected);
  // One pass over the bytes: the state after the body gives the checksum, and continued over the
  // stored digest, the whole file's digest.
  core::Blake2b256 hash;
  hash.update(bytes.data(), body);
  core::Blake2b256 whole = hash;
  const core::Digest digest = hash.finish();
  whole.update(bytes.data() + body, k_digest_size);
  m_file_digest = whole.finish();
  if (std::memcmp(digest.data(), bytes.data() + body, k_digest_size) != 0)
    fail("{}: checksum mismatch: the file is corrupted; use an earlier checkpoint of the run", path);
  const auto version = static_cast<uint32_t>(get_le(bytes, sizeof k_archive_magic, 4));
  if (version == 0 || version > k_archive_format_version)
    fail("{}: checkpoint format version {} is not one this genlab reads (1..{}); upgrade genlab", path, version,
         k_archive_format_version);
  try {
    m_header = nlohmann::json::parse(bytes.substr(fixed, header_len));
    for (const auto& k : m_header.at("tensor_keys")) m_keys.push_back(k.get<std::string>());
    // Read in place from the file image (LibTorch copies each tensor out while loading).
    m_archive.load_from(bytes.data() + fixed + header_len + 8, payload_len, torch::Device(torch::kCPU));
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
  if (!has(key)) fail("{}: missing tensor '{}'; the checkpoint does not match this model", m_path, key);
  torch::Tensor t;
  m_archive.read(key, t);
  return t;
}

}  // namespace genlab::backend
