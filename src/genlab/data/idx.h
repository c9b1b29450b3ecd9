// IDX files (the MNIST / Fashion-MNIST format: big-endian magic 0x0000TTDD, DD dimension sizes,
// then the data), read directly, gzip-compressed or not. Torch-free. Only unsigned-byte data
// (type 0x08) is supported, which covers every MNIST-family file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace genlab::data {

struct IdxArray {
  std::vector<int64_t> dims;  // e.g. {60000, 28, 28} for images, {60000} for labels
  std::vector<uint8_t> data;  // product(dims) bytes, row-major
};

// Throws Error naming the file: "<path>: no such file", "<path>: not an IDX file (magic 0x...)",
// "<path>: unsupported IDX element type 0x0d; only unsigned bytes (0x08)",
// "<path>: truncated: header promises N bytes of data, file has M".
IdxArray read_idx(const std::string& path);

// Writes an uncompressed IDX file atomically (tests and tools make their own data with it).
void write_idx(const std::string& path, const IdxArray& array);

}  // namespace genlab::data
