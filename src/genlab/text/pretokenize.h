// The BPE pre-tokenizer: splits text into pieces ("words") that BPE merges never cross, in the
// spirit of GPT-2's regex but written by hand over UTF-8 (no regex library, no Unicode database).
//
// Character classes (by code point; a byte that is not valid UTF-8 is `other`):
//   letter   ASCII A-Z a-z, and every non-ASCII code point outside the symbol ranges below, so
//            Cyrillic, Greek, CJK, combining accents etc. are letters
//   symbol ranges (class `other`): U+0080-U+00BF (Latin-1 punctuation, NBSP, « »), U+00D7 ×, U+00F7 ÷,
//            U+2000-U+2BFF (punctuation, dashes, quotes, currency, arrows, maths, box drawing),
//            U+2E00-U+2E7F, U+3000-U+303F (CJK punctuation), U+E000-U+F8FF (private use),
//            U+FE00-U+FE6F (variation selectors, small forms), U+FF00-U+FFEF (fullwidth forms),
//            U+1F000-U+1FBFF (emoji and pictographs), U+E0000 and above (tags, private use)
//   digit    ASCII 0-9 only
//   space    space, tab, vertical tab, form feed
//   newline  LF, CR
//   other    everything else (ASCII punctuation, the symbol ranges, invalid bytes)
//
// Pieces, tried in this order at each position:
//   1. a run of newlines                                       "\n\n"
//   2. an English contraction 's 't 'm 'd 're 've 'll           "'s" (as in GPT-2, case-sensitive)
//   3. an optional single leading space, then a run of letters, or of digits, or of others
//                                                              " word", " 1611", " --"
//   4. a run of spaces; its last space is left for the next piece when one of kind 3 follows
//      ("a   b" -> "a", "  ", " b")
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace genlab::text {

enum class CharClass { letter, digit, space, newline, other };

// The class of a Unicode scalar value, by the table above.
CharClass char_class(char32_t cp);

// The length in bytes of the piece that starts at text[pos] (pos < text.size()); pieces tile text.
size_t piece_length(std::string_view text, size_t pos);

// Calls f(piece) for each piece of text, in order.
template <class F>
void for_each_piece(std::string_view text, F&& f) {
  for (size_t pos = 0; pos < text.size();) {
    const size_t n = piece_length(text, pos);
    f(text.substr(pos, n));
    pos += n;
  }
}

// All pieces of text (for tests and tools; training and encoding use for_each_piece).
std::vector<std::string_view> split_pieces(std::string_view text);

}  // namespace genlab::text
