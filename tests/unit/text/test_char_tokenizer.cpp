// Tests for text/char_tokenizer: the vocabulary (sorted code points after the 256 bytes), byte
// fallback for unseen code points and invalid bytes, exact round trips.
#include <gtest/gtest.h>

#include <random>

#include "genlab/core/error.h"
#include "genlab/text/char_tokenizer.h"

namespace genlab::text {
namespace {

using Ids = std::vector<int32_t>;

TEST(CharTokenizer, VocabularyIsTheSortedCodePointsAfterTheBytes) {
  const CharTokenizer tok = CharTokenizer::train("бабa\xFF");  // Cyrillic б а, Latin a, an invalid byte
  EXPECT_EQ(tok.code_points(), (std::vector<char32_t>{U'a', U'а', U'б'}));
  EXPECT_EQ(tok.vocab_size(), 259);
  EXPECT_EQ(tok.kind(), "char");
  EXPECT_EQ(tok.token_bytes(97), "a");  // the byte token
  EXPECT_EQ(tok.token_bytes(256), "a");
  EXPECT_EQ(tok.token_bytes(258), "б");
  EXPECT_THROW(tok.token_bytes(259), Error);
  EXPECT_THROW(tok.token_bytes(-1), Error);
}

TEST(CharTokenizer, EncodesWithByteFallback) {
  const CharTokenizer tok = CharTokenizer::train("cab ба");
  // code points: ' ' a b c а б -> 256..261
  const struct {
    std::string text;
    Ids ids;
  } cases[] = {
      {"cab", {259, 257, 258}},
      {"баба", {261, 260, 261, 260}},
      {"d", {'d'}},         // unseen ASCII: its byte
      {"Ж", {0xD0, 0x96}},  // unseen code point: its UTF-8 bytes
      {"a\xFF"
       "b",
       {257, 0xFF, 258}},  // invalid byte: its byte token
      {"\xD0", {0xD0}},    // truncated sequence
  };
  for (const auto& c : cases) {
    EXPECT_EQ(tok.encode(c.text), c.ids) << c.text;
    EXPECT_EQ(tok.decode(c.ids), c.text);
  }
  EXPECT_THROW(tok.decode({262}), Error);
}

TEST(CharTokenizer, RoundTripsAnyBytes) {
  const CharTokenizer tok = CharTokenizer::train("The quick brown fox. Съешь же ещё этих мягких булок 😀");
  const std::string texts[] = {"Hello, World!", "Съешь ещё", "эмодзи 😀👍🏽 and 中文",
                               "\xC3\x28\xA0\xA1\xF0\x28\x8C\xBC"};
  for (const std::string& text : texts) EXPECT_EQ(tok.decode(tok.encode(text)), text) << text;
  std::mt19937 rng(/*seed=*/1);
  for (int trial = 0; trial < 200; ++trial) {
    std::string bytes(rng() % 40, '\0');
    for (char& b : bytes) b = static_cast<char>(rng() & 0xFF);
    EXPECT_EQ(tok.decode(tok.encode(bytes)), bytes);
  }
}

TEST(CharTokenizer, RejectsBadCodePointLists) {
  EXPECT_THROW(CharTokenizer({U'b', U'a'}), Error);
  EXPECT_THROW(CharTokenizer({U'a', U'a'}), Error);
  EXPECT_THROW(CharTokenizer({0xD800}), Error);
}

}  // namespace
}  // namespace genlab::text
