// bench_tokenizer: trains genlab's byte-level BPE on a corpus and measures training time, encoding
// speed and tokens per character; bench/tokenizer puts the figures beside SentencePiece's.
//
// usage: bench_tokenizer [--corpus kjv|fortunes-ru|PATH] [--vocab 8000] [--text OUT] [--blob OUT]
//   --text OUT  writes the corpus text (so another tool can read exactly the same bytes)
//   --blob OUT  writes the trained tokenizer
// Prints "key value" lines: corpus_chars, corpus_bytes, vocab, train_s, encode_mb_s, tokens,
// newline_tokens (tokens made only of CR/LF, which line-based tools such as spm_encode never emit),
// tokens_per_char, round_trip (ok|FAILED).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/core/fs.h"
#include "genlab/data/text_corpus.h"
#include "genlab/text/tokenizer.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

size_t count_chars(const std::string& text) {
  size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

int main(int argc, char** argv) try {
  std::string corpus_name = "kjv", text_path, blob_path;
  int32_t vocab = 8000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--corpus"))
      corpus_name = argv[i + 1];
    else if (!std::strcmp(argv[i], "--vocab"))
      vocab = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--text"))
      text_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--blob"))
      blob_path = argv[i + 1];
    else
      throw genlab::Error(std::string("unknown option ") + argv[i]);
  }
  const genlab::data::TextCorpus corpus = genlab::core::path_exists(corpus_name)
                                              ? genlab::data::read_text_corpus(corpus_name)
                                              : genlab::data::builtin_corpus(corpus_name);
  if (!text_path.empty()) genlab::core::write_file_atomic(text_path, corpus.text);

  genlab::text::TokenizerConfig config;
  config.kind = "bpe";
  config.vocab_size = vocab;
  auto start = std::chrono::steady_clock::now();
  const auto tokenizer = genlab::text::train_tokenizer(config, corpus.text);
  const double train_s = seconds_since(start);

  // Best of three passes over the whole corpus.
  double encode_s = 1e30;
  std::vector<int32_t> ids;
  for (int pass = 0; pass < 3; ++pass) {
    start = std::chrono::steady_clock::now();
    ids = tokenizer->encode(corpus.text);
    encode_s = std::min(encode_s, seconds_since(start));
  }
  const bool round_trip = tokenizer->decode(ids) == corpus.text;
  if (!blob_path.empty()) genlab::core::write_file_atomic(blob_path, tokenizer->serialize());

  const size_t chars = count_chars(corpus.text);
  size_t newline_tokens = 0;
  for (const int32_t id : ids)
    newline_tokens += tokenizer->token_bytes(id).find_first_not_of("\r\n") == std::string::npos;
  std::printf(
      "corpus_chars %zu\ncorpus_bytes %zu\nvocab %d\ntrain_s %.3f\nencode_mb_s %.2f\ntokens %zu\nnewline_tokens %zu\n"
      "tokens_per_char %.4f\nround_trip %s\n",
      chars, corpus.text.size(), tokenizer->vocab_size(), train_s, corpus.text.size() / encode_s / 1e6, ids.size(),
      newline_tokens, static_cast<double>(ids.size()) / static_cast<double>(chars), round_trip ? "ok" : "FAILED");
  return round_trip ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_tokenizer: error: %s\n", e.what());
  return 1;
}
