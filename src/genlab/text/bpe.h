// Byte-level BPE (GPT-2 / minbpe style): 256 byte tokens, then one token per learned merge of two
// earlier tokens. Byte fallback is built in: every byte string is a sequence of byte tokens before
// any merge. Text is first cut into pieces by the pre-tokenizer (pretokenize.h); merges never
// cross a piece boundary. Torch-free.
//
// Why not SentencePiece: Debian 12's libsentencepiece bundles protobuf 3.14, and a process that also
// loads LibTorch (protobuf 3.21) crashes before main; a dlopen(RTLD_DEEPBIND) plugin would work but
// forces -fPIC executables and a second ABI boundary. Byte-level BPE is ~400 lines and needs neither
// protobuf nor a normalizer, and its byte fallback costs nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "genlab/text/tokenizer.h"

namespace genlab::text {

// Token 256 + i merges left and right (ids < 256 + i) into one token whose bytes are their concatenation.
struct BpeMerge {
  int32_t left = 0;
  int32_t right = 0;
  bool operator==(const BpeMerge& o) const { return left == o.left && right == o.right; }
};

// Learns merges on corpus until the vocabulary has vocab_size tokens (>= 256) or no pair of adjacent
// tokens occurs at least twice. Each step merges the most frequent pair (counted over all pieces,
// weighted by how often a piece occurs); ties go to the pair with the smaller (left, right) ids.
// Incremental like HuggingFace tokenizers' BpeTrainer: pair counts and a pair -> pieces index are
// updated per merge, and a max-heap with lazy re-checking picks the next pair.
std::vector<BpeMerge> train_bpe(std::string_view corpus, int32_t vocab_size);

class BpeTokenizer final : public Tokenizer {
 public:
  // Throws Error "tokenizer blob: ..." when a merge refers to a token that does not exist yet or
  // repeats an earlier merge (this is the load path).
  explicit BpeTokenizer(std::vector<BpeMerge> merges);

  std::string kind() const override { return "bpe"; }
  int32_t vocab_size() const override { return static_cast<int32_t>(m_token_bytes.size()); }
  // Per piece, merges are applied lowest id first (leftmost first among equal ids), which gives the
  // same tokens as replaying training's merges in order. Repeated pieces are looked up in a
  // per-call cache.
  std::vector<int32_t> encode(std::string_view bytes) const override;
  std::string decode(const std::vector<int32_t>& ids) const override;
  std::string token_bytes(int32_t id) const override;
  // "genlab-tokenizer 1\nkind bpe\npretokenizer gpt2-like-1\nmerges N\n" then "LEFT RIGHT" per merge.
  std::string serialize() const override;
  // Parses the lines after "kind bpe" (see serialize()); throws Error "tokenizer blob: ...".
  static BpeTokenizer parse(std::string_view body);

  const std::vector<BpeMerge>& merges() const { return m_merges; }

 private:
  // Appends the tokens of one pre-tokenized piece.
  void encode_piece(std::string_view piece, std::vector<int32_t>& out) const;
  // The id of merge(left, right), or -1.
  int32_t merged_id(int32_t left, int32_t right) const;

  std::vector<BpeMerge> m_merges;
  std::vector<std::string> m_token_bytes;             // bytes of every token, 0..255 included
  std::unordered_map<uint64_t, int32_t> m_merge_ids;  // (left << 32 | right) -> merged token id
};

}  // namespace genlab::text
