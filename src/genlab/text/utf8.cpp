// UTF-8 after RFC 3629 / Unicode table 3-7: the second byte's allowed range depends on the lead
// byte (that is what rules out overlongs, surrogates and code points above U+10FFFF).
#include "genlab/text/utf8.h"

#include "genlab/core/check.h"

namespace genlab::text {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The allowed range of the byte after `lead` (Unicode table 3-7).
bool second_byte_ok(unsigned char lead, unsigned char c) {
  switch (lead) {
    case 0xE0:
      return c >= 0xA0 && c <= 0xBF;  // no overlong 3-byte forms
    case 0xED:
      return c >= 0x80 && c <= 0x9F;  // no surrogates
    case 0xF0:
      return c >= 0x90 && c <= 0xBF;  // no overlong 4-byte forms
    case 0xF4:
      return c >= 0x80 && c <= 0x8F;  // nothing above U+10FFFF
    default:
      return is_continuation(c);
  }
}

// How many bytes from pos are a well-formed prefix of the sequence the lead announces (at most
// the announced length); 0 for a bad lead.
size_t well_formed_prefix(std::string_view s, size_t pos) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  const size_t length = utf8_lead_length(lead);
  if (length == 0) return 0;
  size_t n = 1;
  while (n < length && pos + n < s.size()) {
    const auto c = static_cast<unsigned char>(s[pos + n]);
    if (!(n == 1 ? second_byte_ok(lead, c) : is_continuation(c))) break;
    ++n;
  }
  return n;
}

}  // namespace

size_t utf8_lead_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;  // continuation bytes and the overlong-only leads 0xC0, 0xC1
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF5) return 4;
  return 0;
}

size_t decode_utf8(std::string_view s, size_t pos, char32_t& cp) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  const size_t length = utf8_lead_length(lead);
  if (length == 0 || well_formed_prefix(s, pos) != length) return 0;
  static constexpr unsigned char k_lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t value = lead & k_lead_mask[length];
  for (size_t i = 1; i < length; ++i) value = (value << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  cp = value;
  return length;
}

size_t find_invalid_utf8(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t cp;
    const size_t length = decode_utf8(s, pos, cp);
    if (length == 0) return pos;
    pos += length;
  }
  return k_valid_utf8;
}

std::string encode_utf8(char32_t cp) {
  GENLAB_CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF), "not a Unicode scalar value: {:#x}",
               static_cast<uint32_t>(cp));
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

size_t incomplete_utf8_tail(std::string_view s) {
  // A sequence is at most 4 bytes, so only a lead among the last 3 bytes can still be waiting.
  const size_t first = s.size() > 3 ? s.size() - 3 : 0;
  for (size_t pos = s.size(); pos-- > first;) {
    const auto c = static_cast<unsigned char>(s[pos]);
    if (is_continuation(c)) continue;
    const size_t length = utf8_lead_length(c);
    const size_t have = s.size() - pos;
    return length > have && well_formed_prefix(s, pos) == have ? have : 0;
  }
  return 0;
}

int64_t count_code_points(std::string_view s) {
  int64_t n = 0;
  for (size_t pos = 0; pos < s.size(); ++n) {
    char32_t cp = 0;
    const size_t len = decode_utf8(s, pos, cp);
    pos += len ? len : 1;
  }
  return n;
}

}  // namespace genlab::text
