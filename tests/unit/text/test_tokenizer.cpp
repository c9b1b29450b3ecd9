// Tests for text/tokenizer: training by config, serialize -> load -> same encodings, blob version
// and damage checks, and the streaming decoder.
#include <gtest/gtest.h>

#include <random>

#include "genlab/core/error.h"
#include "genlab/text/tokenizer.h"

namespace genlab::text {
namespace {

using Ids = std::vector<int32_t>;

const char* const k_corpus =
    "Blessed are the meek: for they shall inherit the earth.\n"
    "Блаженны кроткие, ибо они наследуют землю. 😀\n"
    "Blessed are the merciful: for they shall obtain mercy.\n";

std::string error_of(std::string_view blob) {
  try {
    load_tokenizer(blob);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::unique_ptr<Tokenizer> trained(const std::string& kind) {
  TokenizerConfig config;
  config.kind = kind;
  config.vocab_size = 300;
  return train_tokenizer(config, k_corpus);
}

TEST(Tokenizer, SerializeLoadGivesTheSameTokenizer) {
  for (const std::string kind : {"char", "bpe"}) {
    const auto tok = trained(kind);
    const auto loaded = load_tokenizer(tok->serialize());
    EXPECT_EQ(loaded->kind(), kind);
    EXPECT_EQ(loaded->vocab_size(), tok->vocab_size());
    EXPECT_EQ(loaded->serialize(), tok->serialize());
    for (const std::string& text : {std::string(k_corpus), std::string("new text, новый текст \xFF")})
      EXPECT_EQ(loaded->encode(text), tok->encode(text)) << kind;
  }
}

TEST(Tokenizer, RejectsFutureAndDamagedBlobs) {
  const std::string blob = trained("bpe")->serialize();
  std::string future = blob;
  future.replace(0, std::string("genlab-tokenizer 1").size(), "genlab-tokenizer 2");
  EXPECT_EQ(error_of(future), "tokenizer blob: format version 2 is newer than this genlab reads (1); upgrade genlab");
  EXPECT_EQ(error_of("hello"), "tokenizer blob: not a genlab tokenizer");
  EXPECT_EQ(error_of("genlab-tokenizer x\n"), "tokenizer blob: bad format version 'x'");
  EXPECT_EQ(error_of("genlab-tokenizer 1\nkind word\n"),
            "tokenizer blob: expected 'kind char' or 'kind bpe', got 'kind word'");
  EXPECT_EQ(error_of("genlab-tokenizer 1\nkind bpe\npretokenizer gpt2-like-1\nmerges 2\n97 98\n"),
            "tokenizer blob: merge 2 of 2 is not 'LEFT RIGHT'");
  EXPECT_EQ(error_of("genlab-tokenizer 1\nkind char\ncode_points 1\nU+zz\n"),
            "tokenizer blob: code point 1 of 1: expected U+XXXX, got 'U+zz'");
}

TEST(Tokenizer, RejectsBadConfigs) {
  const auto error_for = [](const std::string& kind, int32_t vocab_size) -> std::string {
    TokenizerConfig config;
    config.kind = kind;
    config.vocab_size = vocab_size;
    try {
      train_tokenizer(config, "x");
    } catch (const Error& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_EQ(error_for("word", 300), "tokenizer.kind: unknown kind 'word'; choices: char, bpe");
  EXPECT_EQ(error_for("bpe", 100),
            "tokenizer.vocab_size: 100 is out of range for bpe; it counts the 256 byte tokens, so use 256..16777216");
  EXPECT_EQ(error_for("char", 100), "(no error)");  // char ignores vocab_size
}

TEST(StreamDecoder, EmitsOnlyCompleteCharacters) {
  TokenizerConfig config;
  const auto tok = train_tokenizer(config, "");  // no code points: everything is byte tokens
  StreamDecoder stream(*tok);
  // "aЖ😀", then bytes that can never be valid, byte by byte.
  const struct {
    int32_t id;
    std::string out;
  } steps[] = {
      {'a', "a"},
      {0xD0, ""},
      {0x96, "Ж"},
      {0xF0, ""},
      {0x9F, ""},
      {0x98, ""},
      {0x80, "😀"},
      {0xFF, "\xFF"},
      {0xD0, ""},
      {'b',
       "\xD0"
       "b"},
      {0x80, "\x80"},
      {0xE2, ""},
  };
  for (const auto& s : steps) EXPECT_EQ(stream.push(s.id), s.out) << s.id;
  EXPECT_EQ(stream.flush(), "\xE2");
  EXPECT_EQ(stream.flush(), "");
  EXPECT_THROW(stream.push(tok->vocab_size()), Error);
}

TEST(StreamDecoder, ConcatenationEqualsDecode) {
  const auto tok = trained("bpe");
  std::mt19937 rng(/*seed=*/3);
  for (int trial = 0; trial < 50; ++trial) {
    Ids ids(rng() % 30);
    for (int32_t& id : ids) id = static_cast<int32_t>(rng() % static_cast<uint32_t>(tok->vocab_size()));
    StreamDecoder stream(*tok);
    std::string joined;
    for (const int32_t id : ids) joined += stream.push(id);
    joined += stream.flush();
    EXPECT_EQ(joined, tok->decode(ids));
  }
}

}  // namespace
}  // namespace genlab::text
