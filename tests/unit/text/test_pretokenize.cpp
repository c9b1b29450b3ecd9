// Tests for text/pretokenize: the hand-written GPT-2-like split, as a table of texts and pieces.
#include <gtest/gtest.h>

#include "genlab/text/pretokenize.h"

namespace genlab::text {
namespace {

using Pieces = std::vector<std::string_view>;

TEST(Pretokenize, SplitsLikeGpt2) {
  const struct {
    std::string text;
    Pieces pieces;
  } cases[] = {
      {"Hello world", {"Hello", " world"}},
      {"a   b", {"a", "  ", " b"}},
      {"a\t b", {"a", "\t", " b"}},
      {"a  ", {"a", "  "}},
      {"x \ny", {"x", " ", "\n", "y"}},
      {"LORD's house.", {"LORD", "'s", " house", "."}},
      {"we'll 'tis", {"we", "'ll", " '", "tis"}},
      {"in 1611,\n\nthe", {"in", " 1611", ",", "\n\n", "the"}},
      {"v2", {"v", "2"}},
      {"Привет, мир!", {"Привет", ",", " мир", "!"}},
      {"«Да» — нет", {"«", "Да", "»", " —", " нет"}},
      {"café naïve", {"café", " naïve"}},
      {"hi 😀😀!", {"hi", " 😀😀!"}},
      {"ab\xFF\xFE"
       "cd",
       {"ab", "\xFF\xFE", "cd"}},
      {"\r\n", {"\r\n"}},
      {" ", {" "}},
  };
  for (const auto& c : cases) EXPECT_EQ(split_pieces(c.text), c.pieces) << c.text;
}

TEST(Pretokenize, ClassifiesCodePoints) {
  const struct {
    char32_t cp;
    CharClass cls;
  } cases[] = {
      {U'a', CharClass::letter},   {U'Z', CharClass::letter},   {U'ж', CharClass::letter},
      {U'Ё', CharClass::letter},   {U'é', CharClass::letter},   {U'λ', CharClass::letter},
      {U'中', CharClass::letter},  {0x0301, CharClass::letter},  // combining acute accent
      {U'7', CharClass::digit},    {U' ', CharClass::space},    {U'\t', CharClass::space},
      {U'\n', CharClass::newline}, {U'\r', CharClass::newline}, {U'.', CharClass::other},
      {U'«', CharClass::other},    {0xA0, CharClass::other},  // no-break space
      {U'×', CharClass::other},    {U'—', CharClass::other},    {U'€', CharClass::other},
      {U'😀', CharClass::other},    {0xFE0F, CharClass::other},  // emoji variation selector
  };
  for (const auto& c : cases) EXPECT_EQ(char_class(c.cp), c.cls) << static_cast<uint32_t>(c.cp);
}

TEST(Pretokenize, PiecesTileTheText) {
  const std::string text = "  The LORD's 2 words,\n\n\tand  «ещё» 😀\xFF end  ";
  std::string joined;
  for (const std::string_view piece : split_pieces(text)) {
    EXPECT_FALSE(piece.empty());
    joined += piece;
  }
  EXPECT_EQ(joined, text);
}

}  // namespace
}  // namespace genlab::text
