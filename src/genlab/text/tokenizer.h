// The Tokenizer interface every text model codes against, its config, and the functions that train,
// save and load tokenizers. Torch-free.
//
// Two kinds (see docs/text.md): "char" (one token per Unicode code point seen in training) and
// "bpe" (byte-level byte-pair encoding, GPT-2 style). Both reserve ids 0..255 for the 256 single
// bytes, so ANY byte string encodes, invalid UTF-8 included, and decode(encode(b)) == b exactly.
// A tokenizer is immutable after training or loading; every const method may be called from
// several threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace genlab::text {

// ====== The interface ======

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  // "char" or "bpe".
  virtual std::string kind() const = 0;
  // Number of token ids; ids are 0..vocab_size()-1, with 0..255 the single bytes.
  virtual int32_t vocab_size() const = 0;
  // Token ids for any byte sequence (never throws for content: unknown text falls back to bytes).
  virtual std::vector<int32_t> encode(std::string_view bytes) const = 0;
  // The concatenated bytes of the tokens; decode(encode(b)) == b for every b. The result may be
  // invalid UTF-8 when the ids are (e.g. a model sampled half a character). Throws Error for an id
  // outside 0..vocab_size()-1.
  virtual std::string decode(const std::vector<int32_t>& ids) const = 0;
  // The bytes one token stands for (may be part of a character). Throws Error for a bad id.
  virtual std::string token_bytes(int32_t id) const = 0;
  // A self-describing, versioned text blob; load_tokenizer(serialize()) gives an equal tokenizer.
  // Checkpoints embed it, so a model never needs the training corpus again.
  virtual std::string serialize() const = 0;
};

// ====== Training, saving, loading ======

// Format version written by serialize(); load_tokenizer reads versions 1..k_tokenizer_blob_version.
inline constexpr int k_tokenizer_blob_version = 1;

// Rebuilds a tokenizer from serialize()'s blob. Throws Error "tokenizer blob: <problem>" for
// something that is not a tokenizer blob, a damaged one, an unknown kind, or a version newer than
// this genlab reads (the message says to upgrade genlab).
std::unique_ptr<Tokenizer> load_tokenizer(std::string_view blob);

// The [tokenizer] config section.
struct TokenizerConfig {
  std::string kind = "char";  // char | bpe
  int32_t vocab_size = 2000;  // bpe only: total vocabulary incl. the 256 byte tokens (an upper bound:
                              // training stops early when no pair of tokens occurs twice)

  template <class V>
  void fields(V& v) {
    v("kind", kind, "char (one token per code point) | bpe (byte-level byte-pair encoding)");
    v("vocab_size", vocab_size, "bpe only: total vocabulary incl. the 256 byte tokens (upper bound)");
  }
};

// Trains a tokenizer of config.kind on corpus (any bytes; invalid UTF-8 is allowed and simply ends
// up as byte tokens). Deterministic: the same corpus and config give the same tokenizer. Throws
// Error "tokenizer.kind: ..." / "tokenizer.vocab_size: ..." for a bad config.
std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerConfig& config, std::string_view corpus);

// ====== Streaming decode ======

// Turns token ids into text as they arrive (sampling), emitting only complete UTF-8 sequences: the
// bytes of an unfinished character are held back until the rest arrives. Bytes that can never become
// valid UTF-8 are passed through as they are, so the concatenation of every push() and the final
// flush() equals tokenizer.decode(all ids). Keeps a reference to the tokenizer, which must outlive it.
class StreamDecoder {
 public:
  explicit StreamDecoder(const Tokenizer& tokenizer);
  // Adds one token; returns the bytes that became complete (often "", e.g. the first byte of "ж").
  // Throws Error for a bad id.
  std::string push(int32_t id);
  // Returns whatever is still held back (an unfinished sequence at the end of the stream) and resets.
  std::string flush();

 private:
  const Tokenizer& m_tokenizer;
  std::string m_pending;  // at most 3 bytes: the start of a character still waiting for the rest
};

}  // namespace genlab::text
