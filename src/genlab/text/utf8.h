// UTF-8 validation and code point decode/encode. Torch-free, no allocation except encode_utf8.
// "Valid" is the strict Unicode definition: no overlong forms, no surrogates (U+D800..U+DFFF), nothing
// above U+10FFFF. Not a normalizer and not a Unicode database: callers that need character classes
// (the BPE pre-tokenizer) define their own coarse ranges.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace genlab::text {

// Marks "no invalid byte" in find_invalid_utf8's result.
inline constexpr size_t k_valid_utf8 = std::string_view::npos;

// Byte offset of the first byte that does not start a complete, well-formed UTF-8 sequence (for a
// truncated or malformed sequence, the offset of its lead byte); k_valid_utf8 when all of s is valid.
size_t find_invalid_utf8(std::string_view s);
inline bool is_valid_utf8(std::string_view s) { return find_invalid_utf8(s) == k_valid_utf8; }

// The length (1..4) a lead byte announces, or 0 for a continuation byte (10xxxxxx) or a byte that can
// never start a sequence (0xC0, 0xC1, 0xF5..0xFF).
size_t utf8_lead_length(unsigned char lead);

// Decodes the well-formed sequence starting at s[pos] into cp and returns its length (1..4). Returns 0
// and leaves cp alone when the bytes at pos are not a complete well-formed sequence (truncated at
// the end of s included). pos must be < s.size().
size_t decode_utf8(std::string_view s, size_t pos, char32_t& cp);

// The UTF-8 bytes of cp. cp must be a Unicode scalar value (<= U+10FFFF, not a surrogate); anything
// else throws InternalError.
std::string encode_utf8(char32_t cp);

// How many bytes at the end of s form an unfinished sequence worth waiting for: 1..3 when s ends
// with a lead byte and fewer continuation bytes than it announces, all well-formed so far; else 0.
// Used by streaming decoders to hold back the tail until the rest arrives.
size_t incomplete_utf8_tail(std::string_view s);

// Characters in s: well-formed sequences count one each, and so does every byte that is not part of
// one (what a reader sees as a replacement character).
int64_t count_code_points(std::string_view s);

}  // namespace genlab::text
