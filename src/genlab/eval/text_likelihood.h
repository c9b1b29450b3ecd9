// Likelihood figures of a text model on a text: NLL in nats per token, bits per character and
// perplexity, the figures language-model papers report (bits/char is tokenizer-independent, so
// char and BPE models compare on it).
#pragma once

#include <cstdint>
#include <string_view>

#include "genlab/models/model.h"
#include "genlab/text/tokenizer.h"

namespace genlab::eval {

struct TextLikelihood {
  int64_t tokens = 0;          // tokens scored (each predicted from the tokens before it)
  int64_t characters = 0;      // Unicode characters those tokens spell (invalid bytes count one each)
  double nats_per_token = 0;   // mean negative log-likelihood
  double bits_per_char = 0;    // total NLL / (ln 2 * characters)
  double perplexity = 0;       // exp(nats_per_token)
};

// Scores `text` in windows of `context` tokens (each window's first token is only context); with
// streams = true the windows are contiguous rows and the model carries its state (RNNs).
// Throws Error when the text is shorter than two tokens.
TextLikelihood text_likelihood(models::Model& model, const text::Tokenizer& tokenizer, std::string_view text,
                               int64_t context, bool streams, const torch::Device& device);

}  // namespace genlab::eval
