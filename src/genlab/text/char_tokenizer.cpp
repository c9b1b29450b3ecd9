// Character tokenizer with byte fallback (see char_tokenizer.h).
#include "genlab/text/char_tokenizer.h"

#include <algorithm>
#include <sstream>

#include "genlab/core/check.h"
#include "genlab/text/utf8.h"

namespace genlab::text {

CharTokenizer CharTokenizer::train(std::string_view corpus) {
  std::vector<bool> seen(0x110000, false);
  for (size_t pos = 0; pos < corpus.size();) {
    char32_t cp;
    const size_t length = decode_utf8(corpus, pos, cp);
    if (length) seen[cp] = true;
    pos += std::max<size_t>(length, 1);
  }
  std::vector<char32_t> code_points;
  for (char32_t cp = 0; cp < seen.size(); ++cp)
    if (seen[cp]) code_points.push_back(cp);
  return CharTokenizer(std::move(code_points));
}

CharTokenizer::CharTokenizer(std::vector<char32_t> code_points) : m_code_points(std::move(code_points)) {
  m_ascii_ids.fill(-1);
  m_token_bytes.reserve(256 + m_code_points.size());
  for (int b = 0; b < 256; ++b) m_token_bytes.emplace_back(1, static_cast<char>(b));
  for (size_t i = 0; i < m_code_points.size(); ++i) {
    const char32_t cp = m_code_points[i];
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      fail("tokenizer blob: U+{:04X} is not a Unicode scalar value", static_cast<uint32_t>(cp));
    if (i > 0 && cp <= m_code_points[i - 1])
      fail("tokenizer blob: code points are not sorted and distinct at U+{:04X}", static_cast<uint32_t>(cp));
    const auto id = static_cast<int32_t>(256 + i);
    if (cp < 128)
      m_ascii_ids[cp] = id;
    else
      m_ids.emplace(cp, id);
    m_token_bytes.push_back(encode_utf8(cp));
  }
}

int32_t CharTokenizer::vocab_size() const { return static_cast<int32_t>(m_token_bytes.size()); }

std::vector<int32_t> CharTokenizer::encode(std::string_view bytes) const {
  std::vector<int32_t> ids;
  ids.reserve(bytes.size());
  for (size_t pos = 0; pos < bytes.size();) {
    const auto byte = static_cast<unsigned char>(bytes[pos]);
    if (byte < 128) {
      ids.push_back(m_ascii_ids[byte] >= 0 ? m_ascii_ids[byte] : byte);
      ++pos;
      continue;
    }
    char32_t cp;
    const size_t length = decode_utf8(bytes, pos, cp);
    const auto it = length ? m_ids.find(cp) : m_ids.end();
    if (it != m_ids.end()) {
      ids.push_back(it->second);
    } else {
      // Unseen code point: its bytes; invalid byte: itself.
      const size_t n = std::max<size_t>(length, 1);
      for (size_t i = 0; i < n; ++i) ids.push_back(static_cast<unsigned char>(bytes[pos + i]));
    }
    pos += std::max<size_t>(length, 1);
  }
  return ids;
}

std::string CharTokenizer::token_bytes(int32_t id) const {
  if (id < 0 || id >= vocab_size()) fail("token id {} is out of range 0..{}", id, vocab_size() - 1);
  return m_token_bytes[static_cast<size_t>(id)];
}

std::string CharTokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string out;
  for (const int32_t id : ids) {
    if (id < 0 || id >= vocab_size()) fail("token id {} is out of range 0..{}", id, vocab_size() - 1);
    out += m_token_bytes[static_cast<size_t>(id)];
  }
  return out;
}

std::string CharTokenizer::serialize() const {
  std::string out =
      fmt::format("genlab-tokenizer {}\nkind char\ncode_points {}\n", k_tokenizer_blob_version, m_code_points.size());
  for (const char32_t cp : m_code_points) out += fmt::format("U+{:04X}\n", static_cast<uint32_t>(cp));
  return out;
}

CharTokenizer CharTokenizer::parse(std::string_view body) {
  std::istringstream in{std::string(body)};
  std::string word;
  size_t count = 0;
  if (!(in >> word >> count) || word != "code_points" || count > 0x110000)
    fail("tokenizer blob: expected 'code_points N' with N <= 1114112");
  std::vector<char32_t> code_points;
  code_points.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    std::string text;
    in >> text;
    size_t used = 0;
    unsigned long value = 0;
    try {
      if (text.size() > 2 && text.compare(0, 2, "U+") == 0) value = std::stoul(text.substr(2), &used, 16);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() - 2)
      fail("tokenizer blob: code point {} of {}: expected U+XXXX, got '{}'", i + 1, count, text);
    code_points.push_back(static_cast<char32_t>(value));
  }
  if (in >> word) fail("tokenizer blob: unexpected '{}' after {} code points", word, count);
  return CharTokenizer(std::move(code_points));
}

}  // namespace genlab::text
