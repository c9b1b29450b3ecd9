// Tests for backend/archive: round trip, and that every kind of damage is refused with an error
// naming the file (LibTorch's own reader would load a flipped byte silently).
#include <gtest/gtest.h>

#include <cstring>

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

TEST(Archive, TheTorchFreeReaderSeesTheSameTensorsInPlace) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  core::CheckpointFile file(path);
  EXPECT_EQ(file.version(), core::k_checkpoint_format_version);
  ASSERT_EQ(file.tensors().size(), 2u);
  const core::StoredTensor* a = file.find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->dtype, "float32");
  EXPECT_EQ(a->shape, std::vector<int64_t>{1000});
  EXPECT_EQ(std::memcmp(file.data(*a), ArchiveReader(path).get("a").data_ptr(), a->nbytes), 0);
  EXPECT_EQ(file.find("zzz"), nullptr);
  EXPECT_EQ(core::peek_checkpoint_header(path), file.header());
  core::write_file_atomic(tmp.file("bad.ckpt"), "GENLABXX and more bytes than the prefix needs");
  EXPECT_THROW(core::peek_checkpoint_header(tmp.file("bad.ckpt")), Error);
}

TEST(Archive, EveryStoredTypeAndShapeRoundTrips) {
  testing::TempDir tmp;
  const std::vector<std::pair<std::string, torch::Tensor>> tensors = {
      {"f32", torch::randn({3, 4, 5})},
      {"f64", torch::randn({7}, torch::kFloat64)},
      {"f16", torch::randn({2, 3}).to(torch::kFloat16)},
      {"bf16", torch::randn({5}).to(torch::kBFloat16)},
      {"i64", torch::tensor({int64_t{-5}, int64_t{1} << 40})},
      {"i32", torch::arange(-3, 3, torch::kInt32)},
      {"i16", torch::arange(-3, 3, torch::kInt16)},
      {"i8", torch::arange(-3, 3, torch::kInt8)},
      {"u8", torch::arange(250, 256, torch::kUInt8)},
      {"bool", torch::tensor({true, false, true})},
      {"scalar", torch::tensor(3.5)},
      {"empty", torch::zeros({0, 4})},
      {"strided", torch::arange(12, torch::kFloat32).reshape({3, 4}).t()},  // stored contiguous
  };
  ArchiveWriter out;
  for (const auto& [key, t] : tensors) out.put(key, t);
  out.save(tmp.file("t.ckpt"));
  ArchiveReader in(tmp.file("t.ckpt"));
  EXPECT_EQ(in.keys().size(), tensors.size());
  for (const auto& [key, t] : tensors) {
    const auto got = in.get(key);
    EXPECT_EQ(got.scalar_type(), t.scalar_type()) << key;
    EXPECT_EQ(got.sizes(), t.sizes()) << key;
    EXPECT_TRUE(torch::equal(got, t)) << key;
  }
  EXPECT_EQ(in.keys(), (std::vector<std::string>{"f32", "f64", "f16", "bf16", "i64", "i32", "i16", "i8", "u8",
                                                  "bool", "scalar", "empty", "strided"}));
}

// A format-1 file, as genlab wrote them before format 2: the payload is LibTorch's tensor archive
// and the header lists the keys.
TEST(Archive, FormatOneIsStillRead) {
  testing::TempDir tmp;
  torch::serialize::OutputArchive archive;
  archive.write("w", torch::arange(6, torch::kFloat32).reshape({2, 3}));
  archive.write("n", torch::tensor({int64_t{42}}));
  std::string payload;
  archive.save_to([&payload](const void* data, size_t size) {
    payload.append(static_cast<const char*>(data), size);
    return size;
  });
  const std::string header = R"({"family":"old","tensor_keys":["w","n"]})";
  auto le = [](uint64_t v, int bytes) {
    std::string out;
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return out;
  };
  std::string bytes = std::string("GENLABCK") + le(1, 4) + le(header.size(), 8) + header + le(payload.size(), 8) + payload;
  const auto digest = core::blake2b_256(bytes);
  bytes.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  core::write_file_atomic(tmp.file("old.ckpt"), bytes);
  ArchiveReader in(tmp.file("old.ckpt"));
  EXPECT_EQ(in.header()["family"], "old");
  EXPECT_TRUE(torch::equal(in.get("w"), torch::arange(6, torch::kFloat32).reshape({2, 3})));
  EXPECT_EQ(in.get("n").item<int64_t>(), 42);
  EXPECT_EQ(in.keys(), (std::vector<std::string>{"w", "n"}));
}

TEST(Archive, TensorDataIsAlignedInTheFile) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  ArchiveReader in(path);
  const std::string bytes = core::read_file(path);
  uint64_t header_len = 0;  // u64 little-endian at offset 12
  for (int i = 7; i >= 0; --i) header_len = header_len << 8 | static_cast<uint8_t>(bytes[12 + i]);
  EXPECT_EQ((20 + header_len + 8) % 64, 0u);
  for (const auto& t : in.header()["tensors"]) EXPECT_EQ(t["offset"].get<uint64_t>() % 64, 0u) << t.dump();
}

// Header edits a checksum cannot catch (the file is re-sealed after each).
TEST(Archive, ADamagedIndexIsRefused) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  const std::string good = core::read_file(path);
  const struct {
    const char* from;
    const char* to;
    const char* error;
  } cases[] = {
      {R"("nbytes":4000)", R"("nbytes":9000)", "tensor 'a' holds 9000 bytes, its shape needs 4000"},
      {R"("offset":4032)", R"("offset":9984)", "tensor 'b.c' runs past the end of the payload"},
      {R"("dtype":"int64")", R"("dtype":"int63")", "tensor 'b.c' has an unknown type 'int63'"},
      {R"("key":"b.c")", R"("key":"a"  )", "tensor 'a' appears twice"},
  };
  for (const auto& c : cases) {
    std::string bytes = good;
    const auto at = bytes.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    bytes.replace(at, std::strlen(c.from), c.to);
    const auto digest = core::blake2b_256(std::string_view(bytes.data(), bytes.size() - 32));
    bytes.replace(bytes.size() - 32, 32, reinterpret_cast<const char*>(digest.data()), 32);
    core::write_file_atomic(path, bytes);
    expect_error_containing(path, c.error);
  }
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
  bytes[8] = 3;  // format version field, little-endian u32 after the magic
  // Re-seal it, so only the version is wrong (an edited version alone is caught by the checksum).
  const auto digest = core::blake2b_256(std::string_view(bytes.data(), bytes.size() - 32));
  bytes.replace(bytes.size() - 32, 32, reinterpret_cast<const char*>(digest.data()), 32);
  core::write_file_atomic(path, bytes);
  expect_error_containing(path, "format version 3 is not one this genlab reads");
}

TEST(Archive, TrailingBytesAreRefused) {
  testing::TempDir tmp;
  const std::string path = write_sample(tmp);
  core::write_file_atomic(path, core::read_file(path) + "extra");
  expect_error_containing(path, "unexpected bytes");
}

}  // namespace
}  // namespace genlab::backend
