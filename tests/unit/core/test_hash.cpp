// Tests for core/hash: BLAKE2b-256 against known vectors (python3 hashlib.blake2b(digest_size=32)).
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace genlab::core
