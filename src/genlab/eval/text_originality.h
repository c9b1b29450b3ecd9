// Originality of generated text against the training text (makemore's in-train / new split, made
// quantitative): the share of a sample's character 8-grams and token 4-grams that occur in the
// training text, and the longest substring copied from it. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace genlab::eval {

struct TextOriginality {
  int64_t char_ngrams = 0;        // character 8-grams in the sample
  double char_ngram_share = 0;    // share of them found in the training text
  int64_t token_ngrams = 0;       // token 4-grams in the sample
  double token_ngram_share = 0;   // share of them found in the training tokens
  std::string longest_copy;       // longest substring of the sample that occurs in the training text
  int64_t longest_copy_chars = 0; // its length in characters
};

// The training text, indexed once: sorted hashes of its character 8-grams and token 4-grams.
class OriginalityIndex {
 public:
  static constexpr int k_char_n = 8;
  static constexpr int k_token_n = 4;

  OriginalityIndex(std::string training_text, const std::vector<int32_t>& training_tokens);
  TextOriginality score(std::string_view sample, const std::vector<int32_t>& sample_tokens) const;

 private:
  std::string m_text;
  std::vector<uint64_t> m_char_hashes, m_token_hashes;
};

// The longest common substring of a and b (bytes), cut back to whole UTF-8 characters; a suffix
// automaton of a scanned with b: O(|a| + |b|).
std::string longest_common_substring(std::string_view a, std::string_view b);

}  // namespace genlab::eval
