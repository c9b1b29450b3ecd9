// Text originality (see text_originality.h).
#include "genlab/eval/text_originality.h"

#include <algorithm>
#include <array>

#include "genlab/text/utf8.h"

namespace genlab::eval {
namespace {

// Code points of s (an invalid byte stands for itself, offset past the Unicode range).
std::vector<uint32_t> code_points(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t pos = 0; pos < s.size();) {
    char32_t cp = 0;
    const size_t len = text::decode_utf8(s, pos, cp);
    out.push_back(len ? static_cast<uint32_t>(cp) : 0x110000u + static_cast<unsigned char>(s[pos]));
    pos += len ? len : 1;
  }
  return out;
}

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 33);
}

// Hashes of every n-gram of xs.
template <class T>
std::vector<uint64_t> ngram_hashes(const std::vector<T>& xs, int n) {
  std::vector<uint64_t> out;
  for (size_t i = 0; i + static_cast<size_t>(n) <= xs.size(); ++i) {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (int k = 0; k < n; ++k) h = mix(h ^ (static_cast<uint64_t>(static_cast<uint32_t>(xs[i + k])) + 0x100000000ULL * k));
    out.push_back(h);
  }
  return out;
}

double found_share(const std::vector<uint64_t>& grams, const std::vector<uint64_t>& sorted_index) {
  if (grams.empty()) return 0;
  int64_t found = 0;
  for (uint64_t h : grams) found += std::binary_search(sorted_index.begin(), sorted_index.end(), h);
  return static_cast<double>(found) / static_cast<double>(grams.size());
}

std::vector<uint64_t> sorted_unique(std::vector<uint64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  v.shrink_to_fit();
  return v;
}

}  // namespace

std::string longest_common_substring(std::string_view a, std::string_view b) {
  // Suffix automaton of a (Blumer et al. 1985): at most 2|a| states.
  struct State {
    int len = 0, link = -1;
    std::array<int, 256> next;
    State() { next.fill(-1); }
  };
  std::vector<State> st(1);
  st.reserve(2 * a.size() + 2);
  int last = 0;
  for (unsigned char c : a) {
    const int cur = static_cast<int>(st.size());
    st.emplace_back();
    st[cur].len = st[last].len + 1;
    int p = last;
    while (p != -1 && st[p].next[c] == -1) {
      st[p].next[c] = cur;
      p = st[p].link;
    }
    if (p == -1) {
      st[cur].link = 0;
    } else {
      const int q = st[p].next[c];
      if (st[p].len + 1 == st[q].len) {
        st[cur].link = q;
      } else {
        const int clone = static_cast<int>(st.size());
        st.push_back(st[q]);
        st[clone].len = st[p].len + 1;
        while (p != -1 && st[p].next[c] == q) {
          st[p].next[c] = clone;
          p = st[p].link;
        }
        st[q].link = st[cur].link = clone;
      }
    }
    last = cur;
  }
  // Scan b, tracking the longest suffix of b[..i] that is a substring of a.
  int v = 0, l = 0, best = 0;
  size_t best_end = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    const auto c = static_cast<unsigned char>(b[i]);
    while (v != 0 && st[v].next[c] == -1) {
      v = st[v].link;
      l = st[v].len;
    }
    if (st[v].next[c] != -1) {
      v = st[v].next[c];
      ++l;
    }
    if (l > best) {
      best = l;
      best_end = i + 1;
    }
  }
  std::string out(b.substr(best_end - static_cast<size_t>(best), static_cast<size_t>(best)));
  // Whole characters only: drop continuation bytes at the start and an unfinished tail.
  size_t start = 0;
  while (start < out.size() && (static_cast<unsigned char>(out[start]) & 0xC0) == 0x80) ++start;
  out.erase(0, start);
  out.resize(out.size() - text::incomplete_utf8_tail(out));
  return out;
}

OriginalityIndex::OriginalityIndex(std::string training_text, const std::vector<int32_t>& training_tokens)
    : m_text(std::move(training_text)),
      m_char_hashes(sorted_unique(ngram_hashes(code_points(m_text), k_char_n))),
      m_token_hashes(sorted_unique(ngram_hashes(training_tokens, k_token_n))) {}

TextOriginality OriginalityIndex::score(std::string_view sample, const std::vector<int32_t>& sample_tokens) const {
  TextOriginality r;
  const auto chars = ngram_hashes(code_points(sample), k_char_n);
  const auto tokens = ngram_hashes(sample_tokens, k_token_n);
  r.char_ngrams = static_cast<int64_t>(chars.size());
  r.char_ngram_share = found_share(chars, m_char_hashes);
  r.token_ngrams = static_cast<int64_t>(tokens.size());
  r.token_ngram_share = found_share(tokens, m_token_hashes);
  r.longest_copy = longest_common_substring(sample, m_text);
  r.longest_copy_chars = static_cast<int64_t>(code_points(r.longest_copy).size());
  return r;
}

}  // namespace genlab::eval
