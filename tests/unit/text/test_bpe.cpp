// Tests for text/bpe: merges on tiny corpora checked against hand-computed ones (tie-breaking and
// the stop rule included), encoding by merge rank, determinism and byte-exact round trips.
#include <gtest/gtest.h>

#include <random>

#include "genlab/core/error.h"
#include "genlab/text/bpe.h"

namespace genlab::text {
namespace {

using Ids = std::vector<int32_t>;
using Merges = std::vector<BpeMerge>;

TEST(Bpe, LearnsHandComputedMerges) {
  const struct {
    std::string corpus;
    int32_t vocab_size;
    Merges merges;
  } cases[] = {
      // Pieces "ababc" x2, "ab" x1, "\n" x2. (a,b)=5 -> 256; then (256,c)=2 ties (256,256)=2 and
      // wins by smaller ids -> 257; then (256,257)=2 -> 258; then no pair occurs twice.
      {"ababc\nababc\nab", 1000, {{'a', 'b'}, {256, 'c'}, {256, 257}}},
      // (a,b) and (c,d) both occur twice: the smaller pair goes first.
      {"cd\nab\ncd\nab", 1000, {{'a', 'b'}, {'c', 'd'}}},
      // The vocabulary cap stops training.
      {"cd\nab\ncd\nab", 257, {{'a', 'b'}}},
      // Overlapping pairs merge left to right: "aaaa" -> (aa)(aa) -> (aaaa).
      {"aaaa\naaaa", 1000, {{'a', 'a'}, {256, 256}}},
      // Pieces "to" x1, " to" x2: the leading space belongs to the word.
      {"to to to", 1000, {{'t', 'o'}, {' ', 256}}},
      // A pair that occurs once is never merged.
      {"xy\nzw", 1000, {}},
  };
  for (const auto& c : cases) EXPECT_EQ(train_bpe(c.corpus, c.vocab_size), c.merges) << c.corpus;
}

TEST(Bpe, EncodesByMergeRank) {
  const BpeTokenizer tok(Merges{{'a', 'a'}, {256, 256}, {'b', 'c'}, {'a', 'b'}});
  EXPECT_EQ(tok.vocab_size(), 260);
  EXPECT_EQ(tok.token_bytes(257), "aaaa");
  const struct {
    std::string text;
    Ids ids;
  } cases[] = {
      {"aaaaa", {257, 'a'}},
      {"aaa", {256, 'a'}},
      {"abc", {'a', 258}},  // (b,c) has the lower rank, so (a,b) never gets its chance
      {"ab", {259}},
      {"a ab", {'a', ' ', 259}},  // " ab" is one piece, but no merge has a space
      {"", {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(tok.encode(c.text), c.ids) << c.text;
    EXPECT_EQ(tok.decode(c.ids), c.text);
  }
}

TEST(Bpe, EncodingReplaysTrainingOnTheCorpus) {
  const BpeTokenizer tok(train_bpe("ababc\nababc\nab", 1000));
  EXPECT_EQ(tok.encode("ababc\nababc\nab"), (Ids{258, '\n', 258, '\n', 256}));
}

std::string sample_text() {
  std::string text;
  const char* lines[] = {"In the beginning God created the heaven and the earth.",
                         "And the earth was without form, and void; and darkness was upon the deep.",
                         "Съешь же ещё этих мягких французских булок, да выпей чаю.", "emoji 😀😀 and 2024 numbers"};
  for (int i = 0; i < 20; ++i) text += std::string(lines[i % 4]) + "\n";
  return text;
}

TEST(Bpe, TrainingIsDeterministicAndIndependentOfLineOrder) {
  const std::string text = sample_text();
  const Merges first = train_bpe(text, 400);
  EXPECT_GT(first.size(), 50u);
  EXPECT_EQ(train_bpe(text, 400), first);
  // The merges depend only on the multiset of pieces, so reordering lines changes nothing.
  std::string reordered;
  for (size_t end = text.size() - 1; end > 0;) {
    const size_t start = text.rfind('\n', end - 1);
    const size_t from = start == std::string::npos ? 0 : start + 1;
    reordered += text.substr(from, end + 1 - from);
    end = from == 0 ? 0 : from - 1;
  }
  ASSERT_EQ(reordered.size(), text.size());
  EXPECT_EQ(train_bpe(reordered, 400), first);
}

TEST(Bpe, RoundTripsAnyBytes) {
  const BpeTokenizer tok(train_bpe(sample_text(), 400));
  const std::string texts[] = {"In the beginning", "мягких булок", "😀👍🏽 中文",
                               "\xC3\x28\xA0\xA1\xF0\x28\x8C\xBC", "   spaces\t\ttabs\n\n\r\n"};
  for (const std::string& text : texts) EXPECT_EQ(tok.decode(tok.encode(text)), text) << text;
  EXPECT_LT(tok.encode("In the beginning").size(), 8u);  // merges were learned and used
  std::mt19937 rng(/*seed=*/2);
  for (int trial = 0; trial < 200; ++trial) {
    std::string bytes(rng() % 40, '\0');
    for (char& b : bytes) b = static_cast<char>(rng() & 0xFF);
    EXPECT_EQ(tok.decode(tok.encode(bytes)), bytes);
  }
}

TEST(Bpe, RejectsMergesOfTokensThatDoNotExistYet) {
  EXPECT_THROW(BpeTokenizer(Merges{{256, 'a'}}), Error);
  EXPECT_THROW(BpeTokenizer(Merges{{'a', 'b'}, {'a', 'b'}}), Error);
  EXPECT_THROW(BpeTokenizer(Merges{{-1, 'b'}}), Error);
}

}  // namespace
}  // namespace genlab::text
