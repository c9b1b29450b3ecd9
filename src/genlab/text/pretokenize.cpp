// The hand-written GPT-2-like pre-tokenizer (rules in pretokenize.h).
#include "genlab/text/pretokenize.h"

#include "genlab/text/utf8.h"

namespace genlab::text {
namespace {

struct Char {
  CharClass cls;
  size_t length;  // bytes
};

Char char_at(std::string_view text, size_t pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) return {char_class(byte), 1};
  char32_t cp;
  const size_t length = decode_utf8(text, pos, cp);
  if (length == 0) return {CharClass::other, 1};  // an invalid byte stands alone as a symbol
  return {char_class(cp), length};
}

// End of the run of characters of class cls starting at pos.
size_t run_end(std::string_view text, size_t pos, CharClass cls) {
  while (pos < text.size()) {
    const Char c = char_at(text, pos);
    if (c.cls != cls) break;
    pos += c.length;
  }
  return pos;
}

// Length of a contraction ('s 't 'm 'd 're 've 'll) at pos, or 0.
size_t contraction_length(std::string_view text, size_t pos) {
  if (text[pos] != '\'' || pos + 1 >= text.size()) return 0;
  const char a = text[pos + 1];
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
  if (pos + 2 >= text.size()) return 0;
  const char b = text[pos + 2];
  if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
  return 0;
}

bool starts_word(CharClass cls) {
  return cls == CharClass::letter || cls == CharClass::digit || cls == CharClass::other;
}

}  // namespace

CharClass char_class(char32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::letter;
    if (cp >= '0' && cp <= '9') return CharClass::digit;
    if (cp == '\n' || cp == '\r') return CharClass::newline;
    if (cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f') return CharClass::space;
    return CharClass::other;
  }
  const bool symbol = cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
                      (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) ||
                      (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE00 && cp <= 0xFE6F) ||
                      (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x1F000 && cp <= 0x1FBFF) || cp >= 0xE0000;
  return symbol ? CharClass::other : CharClass::letter;
}

size_t piece_length(std::string_view text, size_t pos) {
  const Char first = char_at(text, pos);
  if (first.cls == CharClass::newline) return run_end(text, pos, CharClass::newline) - pos;
  if (const size_t n = contraction_length(text, pos)) return n;
  if (starts_word(first.cls)) return run_end(text, pos, first.cls) - pos;

  // A run of spaces. A single space before a word joins it; a longer run leaves its last space
  // (if it is ' ') to the word.
  const size_t end = run_end(text, pos, CharClass::space);
  if (end == text.size()) return end - pos;
  const Char next = char_at(text, end);
  if (!starts_word(next.cls) || text[end - 1] != ' ') return end - pos;
  if (end - pos > 1) return end - 1 - pos;
  return 1 + run_end(text, end, next.cls) - end;
}

std::vector<std::string_view> split_pieces(std::string_view text) {
  std::vector<std::string_view> pieces;
  for_each_piece(text, [&](std::string_view piece) { pieces.push_back(piece); });
  return pieces;
}

}  // namespace genlab::text
