// IDX (MNIST-family) files: 4-byte magic 00 00 TT DD, DD big-endian uint32 sizes, then the bytes.
// zlib's gzread reads gzip and plain files alike, so "train-images-idx3-ubyte[.gz]" both work.
// Only element type 0x08 (unsigned byte) is supported.
#include "genlab/data/idx.h"

#include <zlib.h>

#include <algorithm>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"

namespace genlab::data {
namespace {

constexpr uint64_t k_max_bytes = uint64_t{1} << 34;  // 16 GiB: more means a corrupt header
constexpr unsigned k_chunk = 1u << 20;

class GzFile {
 public:
  explicit GzFile(const std::string& path) : m_path(path), m_file(gzopen(path.c_str(), "rb")) {
    if (!m_file) fail("{}: cannot open for reading", path);
  }
  ~GzFile() { gzclose(m_file); }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  // Reads up to size bytes; returns how many were read (fewer only at the end of the data).
  // A gzip stream cut short reads as an early end, which callers report as truncation.
  size_t read(void* out, unsigned size) {
    const int n = gzread(m_file, out, size);
    if (n < 0) {
      int errnum = 0;
      const char* message = gzerror(m_file, &errnum);
      if (errnum == Z_BUF_ERROR) return 0;
      fail("{}: cannot read: {}", m_path, message);
    }
    return static_cast<size_t>(n);
  }

 private:
  std::string m_path;
  gzFile m_file;
};

uint32_t big_endian_u32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  if (!core::path_exists(path))
    fail("{}: no such file; check the path (MNIST-format files may also be gzipped, *.gz)", path);
  if (core::is_directory(path)) fail("{}: is a directory, not an IDX file", path);
  GzFile file(path);

  uint8_t magic[4];
  if (file.read(magic, 4) != 4) fail("{}: not an IDX file (shorter than its 4-byte magic)", path);
  if (magic[0] != 0 || magic[1] != 0)
    fail("{}: not an IDX file (magic 0x{:08x})", path, big_endian_u32(magic));
  if (magic[2] != 0x08)
    fail("{}: unsupported IDX element type 0x{:02x}; only unsigned bytes (0x08)", path, magic[2]);
  const int ndims = magic[3];
  if (ndims == 0) fail("{}: IDX file declares no dimensions", path);

  IdxArray array;
  uint64_t total = 1;
  for (int d = 0; d < ndims; ++d) {
    uint8_t raw[4];
    if (file.read(raw, 4) != 4)
      fail("{}: truncated: header promises {} dimensions, file ends after {}", path, ndims, d);
    const uint32_t size = big_endian_u32(raw);
    array.dims.push_back(size);
    // Checked by division before multiplying, so a hostile header cannot overflow the product.
    if (size != 0 && total > k_max_bytes / size)
      fail("{}: IDX header promises more than {} bytes of data; the file is corrupt", path,
           k_max_bytes);
    total *= size;
  }

  // Grow as data arrives rather than trusting the header with one huge allocation.
  array.data.reserve(static_cast<size_t>(std::min<uint64_t>(total, uint64_t{64} << 20)));
  std::vector<uint8_t> chunk(k_chunk);
  while (array.data.size() < total) {
    const unsigned want =
        static_cast<unsigned>(std::min<uint64_t>(k_chunk, total - array.data.size()));
    const size_t got = file.read(chunk.data(), want);
    if (got == 0) break;
    array.data.insert(array.data.end(), chunk.begin(), chunk.begin() + got);
  }
  if (array.data.size() < total)
    fail("{}: truncated: header promises {} bytes of data, file has {}", path, total,
         array.data.size());
  return array;
}

void write_idx(const std::string& path, const IdxArray& array) {
  GENLAB_CHECK(!array.dims.empty() && array.dims.size() < 256, "write_idx: {} dimensions",
               array.dims.size());
  uint64_t total = 1;
  std::string header = {0, 0, 0x08, static_cast<char>(array.dims.size())};
  for (const int64_t d : array.dims) {
    GENLAB_CHECK(d >= 0 && d <= int64_t{0xffffffff}, "write_idx: dimension {} out of range", d);
    total *= static_cast<uint64_t>(d);
    for (int shift = 24; shift >= 0; shift -= 8) header += static_cast<char>((d >> shift) & 0xff);
  }
  GENLAB_CHECK(array.data.size() == total, "write_idx: {} bytes of data for dims totalling {}",
               array.data.size(), total);
  core::AtomicFile file(path);
  file.write(header);
  file.write(array.data.data(), array.data.size());
  file.commit();
}

}  // namespace genlab::data
