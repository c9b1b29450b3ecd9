// Tests for backend/archive: round trip, and that every kind of damage is refused with an error
// naming the file (LibTorch's own reader would load a flipped byte silently).
#include <gtest/gtest.h>

#include "genlab/backend/archive.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/core/hash.h"
#include "support/temp_dir.h"

namespace genlab::backend {
namespace {

std::string write_sample(const testing::TempDir& tmp) {
  ArchiveWriter out;
  out.header()["family"] = "test";
  out.put("a", torch::arange(1000, torch::kFloat32));
  out.put("b.c", torch::tensor({int64_t{7}}));
  const std::string path = tmp.file("x.ckpt");
  out.save(path);
  return path;
}

void expect_error_containing(const std::string& path, const std::string& needle) {
  try {
    ArchiveReader in(path);
    FAIL() << "expected an error containing '" << needle << "'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(Archive, FileDigestIsTheWholeFilesHash) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  EXPECT_EQ(ArchiveReader(path).file_digest(), core::blake2b_256(core::read_file(path)));
}

TEST(Archive, RoundTrip) {
  testing::TempDir tmp;
  ArchiveReader in(write_sample(tmp));
  EXPECT_EQ(in.header()["family"], "test");
  EXPECT_TRUE(torch::equal(in.get("a"), torch::arange(1000, torch::kFloat32)));
  EXPECT_EQ(in.get("b.c").item<int64_t>(), 7);
  EXPECT_TRUE(in.has("a"));
  EXPECT_FALSE(in.has("zzz"));
  EXPECT_THROW(in.get("zzz"), Error);
}

TEST(Archive, EveryFlippedByteIsRefused) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  const std::string good = core::read_file(path);
  // Flip one byte in the header, inside the tensor payload, and in the checksum itself.
  for (size_t pos : {size_t{30}, good.size() / 2, good.size() - 5}) {
    std::string bad = good;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x40);
    core::write_file_atomic(path, bad);
    try {
      ArchiveReader in(path);
      FAIL() << "byte " << pos << " flipped but the archive loaded";
    } catch (const Error&) {
    }
  }
}

TEST(Archive, TruncatedIsRefused) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  const std::string good = core::read_file(path);
  core::write_file_atomic(path, good.substr(0, good.size() / 2));
  expect_error_containing(path, "truncated");
  core::write_file_atomic(path, good.substr(0, 10));
  expect_error_containing(path, "truncated");
}

TEST(Archive, ForeignFileIsRefused) {
  testing::TempDir tmp;
  core::write_file_atomic(tmp.file("f.ckpt"), "PK\x03\x04 this is a zip, not a genlab checkpoint");
  expect_error_containing(tmp.file("f.ckpt"), "not a genlab checkpoint");
}

TEST(Archive, NewerFormatVersionIsRefused) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  std::string bytes = core::read_file(path);
  bytes[8] = 2;  // format version field, little-endian u32 after the magic
  // Re-seal it, so only the version is wrong (an edited version alone is caught by the checksum).
  const auto digest = core::blake2b_256(std::string_view(bytes.data(), bytes.size() - 32));
  bytes.replace(bytes.size() - 32, 32, reinterpret_cast<const char*>(digest.data()), 32);
  core::write_file_atomic(path, bytes);
  expect_error_containing(path, "format version 2 is not one this genlab reads");
}

TEST(Archive, TrailingBytesAreRefused) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  core::write_file_atomic(path, core::read_file(path) + "extra");
  expect_error_containing(path, "unexpected bytes");
}

}  // namespace
}  // namespace genlab::backend
