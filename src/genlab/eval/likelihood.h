// Likelihood figures of a sequence model: NLL in nats per token, perplexity and next-token
// accuracy on any token sequence (text, music events), and for text also bits per character, the
// figure language-model papers report (tokenizer-independent, so char and BPE models compare on it).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "genlab/models/model.h"
#include "genlab/text/tokenizer.h"

namespace genlab::eval {

struct SequenceLikelihood {
  int64_t tokens = 0;          // tokens scored (each predicted from the tokens before it)
  double nats_per_token = 0;   // mean negative log-likelihood
  double perplexity = 0;       // exp(nats_per_token)
  double accuracy = 0;         // share of tokens that were the model's most likely next token
};

// Scores `ids` in windows of `context` tokens (each window's first token is only context); with
// streams = true the windows are contiguous rows and the model carries its state (RNNs).
// Throws Error when there are fewer than two tokens.
SequenceLikelihood sequence_likelihood(models::Model& model, const std::vector<int32_t>& ids, int64_t context,
                                       bool streams, const torch::Device& device);

struct TextLikelihood : SequenceLikelihood {
  int64_t characters = 0;      // Unicode characters the scored tokens spell (invalid bytes count one each)
  double bits_per_char = 0;    // total NLL / (ln 2 * characters)
};

// sequence_likelihood() of the text's tokens, plus bits per character.
TextLikelihood text_likelihood(models::Model& model, const text::Tokenizer& tokenizer, std::string_view text,
                               int64_t context, bool streams, const torch::Device& device);

}  // namespace genlab::eval
