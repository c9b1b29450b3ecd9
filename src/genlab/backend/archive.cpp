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

// dtype names of format 2 (docs/formats/checkpoint.md).
constexpr std::pair<const char*, torch::ScalarType> k_dtypes[] = {
    {"float32", torch::kFloat32}, {"float64", torch::kFloat64}, {"float16", torch::kFloat16},
    {"bfloat16", torch::kBFloat16}, {"int64", torch::kInt64}, {"int32", torch::kInt32},
    {"int16", torch::kInt16}, {"int8", torch::kInt8}, {"uint8", torch::kUInt8}, {"bool", torch::kBool},
};
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "format 2 stores tensors little-endian, as in memory");

const char* dtype_name(torch::ScalarType t) {
  for (const auto& [name, type] : k_dtypes)
    if (type == t) return name;
  GENLAB_CHECK(false, "checkpoint: tensors of type {} cannot be stored", c10::toString(t));
  return nullptr;
}

// Tensor data and the header's end sit on multiples of this in the file.
constexpr size_t k_align = 64;
size_t aligned(size_t n) { return (n + k_align - 1) / k_align * k_align; }

}  // namespace

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
  const size_t fixed = sizeof k_archive_magic + 4 + 8;
  header.resize(aligned(fixed + header.size() + 8) - fixed - 8, ' ');
  std::string prefix(k_archive_magic, sizeof k_archive_magic);
  put_u32(prefix, k_archive_format_version);
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

ArchiveReader::ArchiveReader(const std::string& path) : m_path(path) {
  auto file = std::make_unique<MappedFile>(path);
  const std::string_view bytes = file->bytes();
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
  const size_t payload_begin = fixed + header_len + 8;
  try {
    m_header = nlohmann::json::parse(bytes.substr(fixed, header_len));
    if (version >= 2) {
      index_tensors(payload_begin, payload_len);
    } else {
      for (const auto& k : m_header.at("tensor_keys")) m_keys.push_back(k.get<std::string>());
      // Read in place from the file image (LibTorch copies each tensor out while loading).
      m_archive.load_from(bytes.data() + payload_begin, payload_len, torch::Device(torch::kCPU));
    }
  } catch (const nlohmann::json::exception& e) {
    fail("{}: checkpoint header is not valid: {}", path, e.what());
  } catch (const c10::Error& e) {
    fail("{}: checkpoint tensors cannot be read: {}", path, e.what_without_backtrace());
  }
  if (version >= 2) m_file = std::move(file);
}

ArchiveReader::~ArchiveReader() = default;

void ArchiveReader::index_tensors(size_t payload_begin, size_t payload_len) {
  for (const auto& t : m_header.at("tensors")) {
    const auto key = t.at("key").get<std::string>();
    const auto dtype = t.at("dtype").get<std::string>();
    Entry e{torch::kFloat32, t.at("shape").get<std::vector<int64_t>>(), t.at("offset").get<size_t>(),
            t.at("nbytes").get<size_t>()};
    const auto known = std::find_if(std::begin(k_dtypes), std::end(k_dtypes),
                                    [&](const auto& d) { return dtype == d.first; });
    if (known == std::end(k_dtypes)) fail("{}: tensor '{}' has an unknown type '{}'", m_path, key, dtype);
    e.dtype = known->second;
    int64_t numel = 1;
    for (int64_t d : e.shape) {
      if (d < 0) fail("{}: tensor '{}' has a negative dimension", m_path, key);
      numel *= d;
    }
    if (e.nbytes != static_cast<size_t>(numel) * c10::elementSize(e.dtype))
      fail("{}: tensor '{}' holds {} bytes, its shape needs {}; the header is damaged", m_path, key, e.nbytes,
           static_cast<size_t>(numel) * c10::elementSize(e.dtype));
    if (e.offset > payload_len || e.nbytes > payload_len - e.offset)
      fail("{}: tensor '{}' runs past the end of the payload; the header is damaged", m_path, key);
    if (has(key)) fail("{}: tensor '{}' appears twice; the header is damaged", m_path, key);
    e.offset += payload_begin;
    m_keys.push_back(key);
    m_entries.push_back(std::move(e));
  }
}

bool ArchiveReader::has(const std::string& key) const {
  return std::find(m_keys.begin(), m_keys.end(), key) != m_keys.end();
}

torch::Tensor ArchiveReader::get(const std::string& key) const {
  const auto it = std::find(m_keys.begin(), m_keys.end(), key);
  if (it == m_keys.end()) fail("{}: missing tensor '{}'; the checkpoint does not match this model", m_path, key);
  torch::Tensor t;
  if (!m_file) {
    m_archive.read(key, t);
    return t;
  }
  const Entry& e = m_entries[static_cast<size_t>(it - m_keys.begin())];
  t = torch::empty(e.shape, torch::TensorOptions().dtype(e.dtype));
  if (e.nbytes > 0) std::memcpy(t.data_ptr(), m_file->bytes().data() + e.offset, e.nbytes);
  return t;
}

}  // namespace genlab::backend
