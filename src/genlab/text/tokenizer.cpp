// The tokenizer factory (train / load by kind) and the streaming decoder.
#include "genlab/text/tokenizer.h"

#include "genlab/core/check.h"
#include "genlab/text/bpe.h"
#include "genlab/text/char_tokenizer.h"
#include "genlab/text/utf8.h"

namespace genlab::text {
namespace {

constexpr std::string_view k_magic = "genlab-tokenizer ";
constexpr int32_t k_max_vocab_size = 1 << 24;

// Splits off the first line of text (without its '\n'); text keeps the rest.
std::string_view take_line(std::string_view& text) {
  const size_t end = text.find('\n');
  const std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  return line;
}

}  // namespace

std::unique_ptr<Tokenizer> load_tokenizer(std::string_view blob) {
  std::string_view rest = blob;
  const std::string_view header = take_line(rest);
  if (header.substr(0, k_magic.size()) != k_magic) fail("tokenizer blob: not a genlab tokenizer");
  const std::string version_text(header.substr(k_magic.size()));
  int version = 0;
  try {
    size_t used = 0;
    version = std::stoi(version_text, &used);
    if (used != version_text.size()) version = 0;
  } catch (const std::exception&) {
    version = 0;
  }
  if (version < 1) fail("tokenizer blob: bad format version '{}'", version_text);
  if (version > k_tokenizer_blob_version)
    fail("tokenizer blob: format version {} is newer than this genlab reads ({}); upgrade genlab", version,
         k_tokenizer_blob_version);
  const std::string_view kind_line = take_line(rest);
  if (kind_line == "kind char") return std::make_unique<CharTokenizer>(CharTokenizer::parse(rest));
  if (kind_line == "kind bpe") return std::make_unique<BpeTokenizer>(BpeTokenizer::parse(rest));
  fail("tokenizer blob: expected 'kind char' or 'kind bpe', got '{}'", kind_line);
}

std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerConfig& config, std::string_view corpus) {
  if (config.kind == "char") return std::make_unique<CharTokenizer>(CharTokenizer::train(corpus));
  if (config.kind == "bpe") {
    if (config.vocab_size < 256 || config.vocab_size > k_max_vocab_size)
      fail("tokenizer.vocab_size: {} is out of range for bpe; it counts the 256 byte tokens, so use 256..{}",
           config.vocab_size, k_max_vocab_size);
    return std::make_unique<BpeTokenizer>(train_bpe(corpus, config.vocab_size));
  }
  fail("tokenizer.kind: unknown kind '{}'; choices: char, bpe", config.kind);
}

StreamDecoder::StreamDecoder(const Tokenizer& tokenizer) : m_tokenizer(tokenizer) {}

std::string StreamDecoder::push(int32_t id) {
  m_pending += m_tokenizer.token_bytes(id);
  const size_t keep = incomplete_utf8_tail(m_pending);
  std::string ready = m_pending.substr(0, m_pending.size() - keep);
  m_pending.erase(0, m_pending.size() - keep);
  return ready;
}

std::string StreamDecoder::flush() {
  std::string rest;
  rest.swap(m_pending);
  return rest;
}

}  // namespace genlab::text
