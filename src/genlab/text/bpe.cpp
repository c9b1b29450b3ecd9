// Byte-level BPE encoding, decoding and the blob format (training is in bpe_train.cpp).
#include "genlab/text/bpe.h"

#include <functional>
#include <queue>
#include <sstream>

#include "genlab/core/check.h"
#include "genlab/text/pretokenize.h"

namespace genlab::text {
namespace {

// Names the pre-tokenization rule in the blob, so a future rule change cannot silently load an old
// tokenizer with different pieces.
constexpr const char* k_pretokenizer_name = "gpt2-like-1";

uint64_t pair_key(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

}  // namespace

BpeTokenizer::BpeTokenizer(std::vector<BpeMerge> merges) : m_merges(std::move(merges)) {
  m_token_bytes.reserve(256 + m_merges.size());
  for (int b = 0; b < 256; ++b) m_token_bytes.emplace_back(1, static_cast<char>(b));
  for (size_t i = 0; i < m_merges.size(); ++i) {
    const BpeMerge& m = m_merges[i];
    const auto id = static_cast<int32_t>(256 + i);
    if (m.left < 0 || m.left >= id || m.right < 0 || m.right >= id)
      fail("tokenizer blob: merge {} ({} {}) refers to a token that does not exist yet", i + 1, m.left, m.right);
    if (!m_merge_ids.emplace(pair_key(m.left, m.right), id).second)
      fail("tokenizer blob: merge {} ({} {}) repeats an earlier merge", i + 1, m.left, m.right);
    m_token_bytes.push_back(m_token_bytes[static_cast<size_t>(m.left)] + m_token_bytes[static_cast<size_t>(m.right)]);
  }
}

int32_t BpeTokenizer::merged_id(int32_t left, int32_t right) const {
  const auto it = m_merge_ids.find(pair_key(left, right));
  return it == m_merge_ids.end() ? -1 : it->second;
}

void BpeTokenizer::encode_piece(std::string_view piece, std::vector<int32_t>& out) const {
  // The piece as a doubly linked list of symbols; a min-heap of (merged id, position) candidates,
  // re-checked when popped because earlier merges may have consumed either side.
  const auto n = static_cast<int32_t>(piece.size());
  std::vector<int32_t> ids(piece.size()), next(piece.size()), prev(piece.size());
  for (int32_t i = 0; i < n; ++i) {
    ids[i] = static_cast<unsigned char>(piece[i]);
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  using Candidate = std::pair<int32_t, int32_t>;  // (merged id, left position)
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> heap;
  auto consider = [&](int32_t pos) {
    if (pos < 0 || next[pos] >= n) return;
    const int32_t id = merged_id(ids[pos], ids[next[pos]]);
    if (id >= 0) heap.emplace(id, pos);
  };
  for (int32_t i = 0; i + 1 < n; ++i) consider(i);
  while (!heap.empty()) {
    const auto [id, pos] = heap.top();
    heap.pop();
    if (ids[pos] < 0 || next[pos] >= n || merged_id(ids[pos], ids[next[pos]]) != id) continue;
    const int32_t gone = next[pos];
    ids[pos] = id;
    ids[gone] = -1;
    next[pos] = next[gone];
    if (next[pos] < n) prev[next[pos]] = pos;
    consider(prev[pos]);
    consider(pos);
  }
  for (int32_t i = 0; i < n; i = next[i]) out.push_back(ids[i]);
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view bytes) const {
  std::vector<int32_t> out;
  out.reserve(bytes.size() / 3);
  // Per-call cache (piece -> its tokens as a range of cached_ids): keeps encode() const and
  // thread-safe while still encoding each distinct word of a long text once.
  std::unordered_map<std::string_view, std::pair<size_t, size_t>> cache;
  std::vector<int32_t> cached_ids;
  for_each_piece(bytes, [&](std::string_view piece) {
    if (piece.size() == 1) {
      out.push_back(static_cast<unsigned char>(piece[0]));
      return;
    }
    auto [it, inserted] = cache.try_emplace(piece);
    if (inserted) {
      const size_t start = cached_ids.size();
      encode_piece(piece, cached_ids);
      it->second = {start, cached_ids.size() - start};
    }
    const auto first = cached_ids.begin() + static_cast<std::ptrdiff_t>(it->second.first);
    out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(it->second.second));
  });
  return out;
}

std::string BpeTokenizer::token_bytes(int32_t id) const {
  if (id < 0 || id >= vocab_size()) fail("token id {} is out of range 0..{}", id, vocab_size() - 1);
  return m_token_bytes[static_cast<size_t>(id)];
}

std::string BpeTokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string out;
  for (const int32_t id : ids) {
    if (id < 0 || id >= vocab_size()) fail("token id {} is out of range 0..{}", id, vocab_size() - 1);
    out += m_token_bytes[static_cast<size_t>(id)];
  }
  return out;
}

std::string BpeTokenizer::serialize() const {
  std::string out = fmt::format("genlab-tokenizer {}\nkind bpe\npretokenizer {}\nmerges {}\n", k_tokenizer_blob_version,
                                k_pretokenizer_name, m_merges.size());
  for (const BpeMerge& m : m_merges) out += fmt::format("{} {}\n", m.left, m.right);
  return out;
}

BpeTokenizer BpeTokenizer::parse(std::string_view body) {
  std::istringstream in{std::string(body)};
  std::string word, name;
  if (!(in >> word >> name) || word != "pretokenizer") fail("tokenizer blob: expected 'pretokenizer NAME'");
  if (name != k_pretokenizer_name)
    fail("tokenizer blob: unknown pretokenizer '{}' (this genlab has '{}'); upgrade genlab", name, k_pretokenizer_name);
  size_t count = 0;
  if (!(in >> word >> count) || word != "merges" || count > (1u << 24))
    fail("tokenizer blob: expected 'merges N' with N <= 16777216");
  std::vector<BpeMerge> merges(count);
  for (size_t i = 0; i < count; ++i)
    if (!(in >> merges[i].left >> merges[i].right))
      fail("tokenizer blob: merge {} of {} is not 'LEFT RIGHT'", i + 1, count);
  if (in >> word) fail("tokenizer blob: unexpected '{}' after {} merges", word, count);
  return BpeTokenizer(std::move(merges));
}

}  // namespace genlab::text
