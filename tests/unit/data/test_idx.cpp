// Tests for data/idx: round trips (plain and gzip), and each documented error.
#include <gtest/gtest.h>
#include <zlib.h>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/data/idx.h"
#include "support/temp_dir.h"

namespace genlab::data {
namespace {

std::string error_of(const std::string& path) {
  try {
    read_idx(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

IdxArray sample_array() {
  IdxArray a;
  a.dims = {3, 2, 4};
  for (int i = 0; i < 24; ++i) a.data.push_back(static_cast<uint8_t>(i * 11));
  return a;
}

TEST(Idx, WriteReadRoundTrip) {
  genlab::testing::TempDir tmp;
  const std::string path = tmp.file("images-idx3-ubyte");
  const IdxArray a = sample_array();
  write_idx(path, a);
  const std::string bytes = core::read_file(path);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\0\0\x08\x03\0\0\0\x03", 8));
  EXPECT_EQ(bytes.size(), 4u + 3 * 4 + 24);
  const IdxArray b = read_idx(path);
  EXPECT_EQ(b.dims, a.dims);
  EXPECT_EQ(b.data, a.data);
}

TEST(Idx, ReadsGzipWrittenByZlib) {
  genlab::testing::TempDir tmp;
  const std::string plain = tmp.file("labels-idx1-ubyte");
  IdxArray a;
  a.dims = {5};
  a.data = {0, 9, 3, 3, 7};
  write_idx(plain, a);
  const std::string bytes = core::read_file(plain);
  const std::string gz = plain + ".gz";
  gzFile out = gzopen(gz.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
  EXPECT_NE(core::read_file(gz), bytes);  // really compressed
  const IdxArray b = read_idx(gz);
  EXPECT_EQ(b.dims, a.dims);
  EXPECT_EQ(b.data, a.data);
}

TEST(Idx, ErrorsTable) {
  genlab::testing::TempDir tmp;
  const std::string good = tmp.file("good");
  write_idx(good, sample_array());
  const std::string bytes = core::read_file(good);

  struct Case {
    std::string name;
    std::string content;
    std::string message;  // after "<path>: "
  };
  const Case cases[] = {
      {"truncated", bytes.substr(0, bytes.size() - 5),
       "truncated: header promises 24 bytes of data, file has 19"},
      {"bad-magic", "\x12\x34\x08\x01" + bytes.substr(4), "not an IDX file (magic 0x12340801)"},
      {"float", std::string("\0\0\x0d\x01\0\0\0\x01", 8) + "abcd",
       "unsupported IDX element type 0x0d; only unsigned bytes (0x08)"},
      {"short", std::string("\0\0", 2), "not an IDX file (shorter than its 4-byte magic)"},
      {"short-dims", bytes.substr(0, 10),
       "truncated: header promises 3 dimensions, file ends after 1"},
      {"huge", std::string("\0\0\x08\x02\xff\xff\xff\xff\xff\xff\xff\xff", 12),
       "IDX header promises more than 17179869184 bytes of data; the file is corrupt"},
  };
  for (const Case& c : cases) {
    const std::string path = tmp.file(c.name);
    core::write_file_atomic(path, c.content);
    EXPECT_EQ(error_of(path), path + ": " + c.message);
  }
}

TEST(Idx, MissingFileSaysSo) {
  genlab::testing::TempDir tmp;
  const std::string path = tmp.file("nope-idx3-ubyte");
  EXPECT_EQ(error_of(path).rfind(path + ": no such file; ", 0), 0u) << error_of(path);
}

}  // namespace
}  // namespace genlab::data
