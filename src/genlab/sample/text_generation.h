// Text generation: a model's decoding session + a tokenizer + the sampler chain, streaming text
// out as it is produced. Shared by `genlab sample`, `eval` (fresh samples) and the server.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "genlab/models/decoder.h"
#include "genlab/sample/sampler.h"
#include "genlab/text/tokenizer.h"

namespace genlab::sample {

struct TextRequest {
  std::string prompt;             // conditioning text (any bytes); "" = start after a newline
  int64_t max_tokens = 500;       // generated tokens at most
  std::vector<std::string> stop;  // generation ends before the first of these strings
};

struct TextResult {
  std::string text;             // generated text only (prompt excluded, stop string excluded)
  std::vector<int32_t> tokens;  // generated token ids (incl. a stop string's tokens)
  int64_t prompt_tokens = 0;    // tokens the prompt encoded to (what the model was fed first)
  std::string stop_reason;      // "max tokens" | "stop string"
  double seconds = 0;           // generation time, prompt processing included
  double prompt_seconds = 0;    // of which encoding and feeding the prompt (the prefill)
};

// Generates one sample. on_text receives each piece of text as soon as it is complete UTF-8 (the
// pieces concatenate to result.text). The sampler's own steps (e.g. a watermark) see the whole
// history, prompt included.
TextResult generate_text(models::Decoder& decoder, const text::Tokenizer& tokenizer, Sampler& sampler,
                         const TextRequest& request, const std::function<void(std::string_view)>& on_text);

}  // namespace genlab::sample
