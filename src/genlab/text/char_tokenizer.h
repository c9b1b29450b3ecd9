// The character tokenizer: one token per Unicode code point seen in the training corpus, plus the 256
// byte tokens as a fallback. Torch-free.
//
// Ids: 0..255 are the single bytes; 256+i is code_points()[i], sorted by code point. Encoding takes
// each well-formed UTF-8 sequence: a known code point becomes its token, an unseen one its UTF-8
// bytes (byte tokens); an invalid byte becomes its byte token. So Russian, emoji and arbitrary bytes
// round-trip exactly, and the vocabulary is small for the text it was trained on (nanoGPT's
// shakespeare_char: 65 characters -> 321 tokens here).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "genlab/text/tokenizer.h"

namespace genlab::text {

class CharTokenizer final : public Tokenizer {
 public:
  // The sorted distinct code points of the well-formed UTF-8 in corpus (invalid bytes are skipped).
  static CharTokenizer train(std::string_view corpus);
  // code_points must be sorted, distinct Unicode scalar values; throws Error "tokenizer blob: ..."
  // otherwise (this is the load path).
  explicit CharTokenizer(std::vector<char32_t> code_points);

  std::string kind() const override { return "char"; }
  int32_t vocab_size() const override;
  std::vector<int32_t> encode(std::string_view bytes) const override;
  std::string decode(const std::vector<int32_t>& ids) const override;
  std::string token_bytes(int32_t id) const override;
  // "genlab-tokenizer 1\nkind char\ncode_points N\n" then one "U+XXXX" line per code point.
  std::string serialize() const override;
  // Parses the lines after "kind char" (see serialize()); throws Error "tokenizer blob: ...".
  static CharTokenizer parse(std::string_view body);

  const std::vector<char32_t>& code_points() const { return m_code_points; }

 private:
  std::vector<char32_t> m_code_points;          // token 256 + i
  std::array<int32_t, 128> m_ascii_ids;         // token of each ASCII code point, -1 when unseen
  std::unordered_map<char32_t, int32_t> m_ids;  // token of each non-ASCII code point seen
  std::vector<std::string> m_token_bytes;       // UTF-8 of every token, bytes included
};

}  // namespace genlab::text
