// Tests for text/utf8: strict validation with the offset of the first bad byte, decode/encode, and
// the unfinished-tail rule streaming decoders rely on.
#include <gtest/gtest.h>

#include "genlab/core/error.h"
#include "genlab/text/utf8.h"

namespace genlab::text {
namespace {

TEST(Utf8, FindsTheFirstInvalidByte) {
  const struct {
    std::string text;
    size_t expected;
  } cases[] = {
      {"", k_valid_utf8},
      {"plain ASCII", k_valid_utf8},
      {"Привет, мир", k_valid_utf8},
      {"€ 😀 \xF4\x8F\xBF\xBF", k_valid_utf8},  // U+10FFFF is the last valid code point
      {"abc\x80", 3},                          // continuation byte without a lead
      {"\xC3", 0},                             // truncated at the end
      {"a\xC3(", 1},                           // lead followed by a non-continuation
      {"\xC0\xAF", 0},                         // overlong '/'
      {"\xE0\x80\xAF", 0},                     // overlong 3-byte form
      {"\xED\xA0\x80", 0},                     // surrogate U+D800
      {"\xF4\x90\x80\x80", 0},                 // U+110000
      {"ok\xF5\x80\x80\x80", 2},               // 0xF5 never starts a sequence
      {"Ж\xFF", 2},
  };
  for (const auto& c : cases) EXPECT_EQ(find_invalid_utf8(c.text), c.expected) << c.text;
}

TEST(Utf8, DecodesAndEncodesCodePoints) {
  const struct {
    std::string bytes;
    char32_t cp;
  } cases[] = {{"A", 0x41}, {"Ж", 0x416}, {"€", 0x20AC}, {"😀", 0x1F600}, {"\xF4\x8F\xBF\xBF", 0x10FFFF}};
  for (const auto& c : cases) {
    char32_t cp = 0;
    EXPECT_EQ(decode_utf8(c.bytes, 0, cp), c.bytes.size());
    EXPECT_EQ(cp, c.cp);
    EXPECT_EQ(encode_utf8(c.cp), c.bytes);
  }
  char32_t cp = 7;
  EXPECT_EQ(decode_utf8("\xD0", 0, cp), 0u);
  EXPECT_EQ(cp, 7u);
  EXPECT_THROW(encode_utf8(0xD800), InternalError);
  EXPECT_THROW(encode_utf8(0x110000), InternalError);
}

TEST(Utf8, LeadLengths) {
  const struct {
    unsigned char lead;
    size_t length;
  } cases[] = {{0x00, 1}, {0x7F, 1}, {0x80, 0}, {0xBF, 0}, {0xC1, 0}, {0xC2, 2},
               {0xDF, 2}, {0xE0, 3}, {0xEF, 3}, {0xF0, 4}, {0xF4, 4}, {0xF5, 0}};
  for (const auto& c : cases) EXPECT_EQ(utf8_lead_length(c.lead), c.length) << int(c.lead);
}

TEST(Utf8, IncompleteTailIsHeldOnlyWhileItCanStillComplete) {
  const struct {
    std::string text;
    size_t tail;
  } cases[] = {
      {"", 0},
      {"a", 0},
      {"a\xD0", 1},             // first byte of Ж
      {"a\xF0\x9F", 2},         // half of 😀
      {"\xF0\x9F\x98", 3},      // three quarters of 😀
      {"\xF0\x9F\x98\x80", 0},  // complete
      {"\xE0\x80", 0},          // an overlong start can never complete
      {"\x80", 0},              // stray continuation byte
      {"\xFF", 0},              // never valid
      {"\xD0\x96", 0},          // complete Ж
  };
  for (const auto& c : cases) EXPECT_EQ(incomplete_utf8_tail(c.text), c.tail) << c.text;
}

TEST(Utf8, CountsCodePointsAndStrayBytes) {
  EXPECT_EQ(count_code_points(""), 0);
  EXPECT_EQ(count_code_points("abc"), 3);
  EXPECT_EQ(count_code_points("жук"), 3);           // 6 bytes
  EXPECT_EQ(count_code_points("a\xF0\x9F\x98\x80" "b"), 3);  // an emoji is one character
  EXPECT_EQ(count_code_points("a\xFF\xD0"), 3);     // a stray byte and a truncated sequence: one each
}

}  // namespace
}  // namespace genlab::text
