// Tests for core/hash: BLAKE2b-256 against known vectors (python3 hashlib.blake2b(digest_size=32)).
#include <gtest/gtest.h>

#include <cstdio>

#include "genlab/core/error.h"
#include "genlab/core/hash.h"

namespace genlab::core {
namespace {

TEST(Hash, Blake2b256KnownVectors) {
  struct Case {
    std::string input;
    std::string hex;
  };
  const Case cases[] = {
      {"", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
      {"abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
  };
  for (const Case& c : cases) EXPECT_EQ(to_hex(blake2b_256(c.input)), c.hex) << c.input;
}

TEST(Hash, DiffersOnOneByte) {
  EXPECT_NE(blake2b_256("genlab"), blake2b_256("genlaB"));
  EXPECT_EQ(blake2b_256(std::string("a\0b", 3)), blake2b_256(std::string("a\0b", 3)));
}

TEST(Hash, PiecesGiveTheWholeDigest) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 37 % 256);
  for (size_t cut : {size_t{0}, size_t{1}, size_t{127}, size_t{128}, size_t{999}, data.size()}) {
    Blake2b256 hash;
    hash.update(data.data(), cut);
    hash.update(data.data() + cut, data.size() - cut);
    EXPECT_EQ(hash.finish(), blake2b_256(data)) << "cut at " << cut;
  }
  Blake2b256 head;
  head.update(data.data(), 500);
  Blake2b256 rest = head;  // a copy goes on from the same state
  EXPECT_EQ(head.finish(), blake2b_256(std::string_view(data.data(), 500)));
  rest.update(data.data() + 500, data.size() - 500);
  EXPECT_EQ(rest.finish(), blake2b_256(data));
  Blake2b256 abc;
  abc.update("a", 1);
  abc.update("bc", 2);
  EXPECT_EQ(to_hex(abc.finish()), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(Hash, FileDigestIsTheBytesDigest) {
  const std::string path = ::testing::TempDir() + "/genlab_hash_file.bin";
  std::string data(200000, '\0');  // several read chunks
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 % 251);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  EXPECT_EQ(blake2b_256_of_file(path), blake2b_256(data));
  std::remove(path.c_str());
  EXPECT_THROW(blake2b_256_of_file(path), Error);
}

}  // namespace
}  // namespace genlab::core
