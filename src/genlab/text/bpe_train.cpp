// BPE training, incremental in the way of HuggingFace tokenizers' BpeTrainer: the corpus is reduced
// to its distinct pieces with counts; pair counts and a pair -> pieces index are kept up to date as
// merges rewrite the pieces that contain the merged pair; a max-heap whose entries are re-checked on
// pop (lazy deletion) gives the next most frequent pair. Cost per merge ~ the size of the pieces
// it touches, not the size of the corpus.
#include <algorithm>
#include <queue>
#include <unordered_map>

#include "genlab/core/check.h"
#include "genlab/text/bpe.h"
#include "genlab/text/pretokenize.h"

namespace genlab::text {
namespace {

using PairKey = uint64_t;  // left << 32 | right

PairKey pair_key(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

struct Piece {
  std::vector<int32_t> symbols;
  int64_t count = 0;  // occurrences in the corpus
};

struct HeapEntry {
  int64_t count;
  PairKey pair;
  // Max-heap order: more frequent first, then the smaller (left, right).
  bool operator<(const HeapEntry& o) const { return count != o.count ? count < o.count : pair > o.pair; }
};

// The distinct pieces of corpus, sorted by their bytes so training does not depend on hash order.
std::vector<Piece> count_pieces(std::string_view corpus) {
  std::unordered_map<std::string_view, int64_t> counts;
  for_each_piece(corpus, [&](std::string_view piece) { ++counts[piece]; });
  std::vector<std::pair<std::string_view, int64_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<Piece> pieces;
  pieces.reserve(sorted.size());
  for (const auto& [bytes, count] : sorted) {
    if (bytes.size() < 2) continue;  // nothing to merge
    Piece piece;
    piece.count = count;
    piece.symbols.reserve(bytes.size());
    for (const char c : bytes) piece.symbols.push_back(static_cast<unsigned char>(c));
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

// Replaces every non-overlapping occurrence of (left, right), left to right, with id.
bool merge_in_place(std::vector<int32_t>& symbols, int32_t left, int32_t right, int32_t id) {
  size_t out = 0;
  bool merged = false;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
      symbols[out++] = id;
      ++i;
      merged = true;
    } else {
      symbols[out++] = symbols[i];
    }
  }
  symbols.resize(out);
  return merged;
}

}  // namespace

std::vector<BpeMerge> train_bpe(std::string_view corpus, int32_t vocab_size) {
  GENLAB_CHECK(vocab_size >= 256, "vocab_size {} < 256", vocab_size);
  std::vector<Piece> pieces = count_pieces(corpus);

  std::unordered_map<PairKey, int64_t> pair_counts;
  std::unordered_map<PairKey, std::vector<int32_t>> pieces_with;  // may hold stale or repeated entries
  for (size_t p = 0; p < pieces.size(); ++p) {
    const std::vector<int32_t>& s = pieces[p].symbols;
    for (size_t i = 0; i + 1 < s.size(); ++i) {
      const PairKey key = pair_key(s[i], s[i + 1]);
      pair_counts[key] += pieces[p].count;
      pieces_with[key].push_back(static_cast<int32_t>(p));
    }
  }
  std::priority_queue<HeapEntry> heap;
  for (const auto& [key, count] : pair_counts) heap.push({count, key});

  std::vector<BpeMerge> merges;
  std::unordered_map<PairKey, int64_t> delta;
  while (256 + static_cast<int32_t>(merges.size()) < vocab_size && !heap.empty()) {
    const HeapEntry top = heap.top();
    heap.pop();
    const auto found = pair_counts.find(top.pair);
    const int64_t count = found == pair_counts.end() ? 0 : found->second;
    if (count != top.count) {  // stale entry: requeue with the current count
      if (count > 0) heap.push({count, top.pair});
      continue;
    }
    if (count < 2) break;
    const auto left = static_cast<int32_t>(top.pair >> 32);
    const auto right = static_cast<int32_t>(top.pair & 0xFFFFFFFFu);
    const auto id = static_cast<int32_t>(256 + merges.size());
    merges.push_back({left, right});

    std::vector<int32_t> targets = std::move(pieces_with[top.pair]);
    pieces_with.erase(top.pair);
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    delta.clear();
    for (const int32_t p : targets) {
      Piece& piece = pieces[static_cast<size_t>(p)];
      std::vector<int32_t>& s = piece.symbols;
      std::vector<int32_t> before = s;
      if (!merge_in_place(s, left, right, id)) continue;
      for (size_t i = 0; i + 1 < before.size(); ++i) delta[pair_key(before[i], before[i + 1])] -= piece.count;
      for (size_t i = 0; i + 1 < s.size(); ++i) {
        const PairKey key = pair_key(s[i], s[i + 1]);
        delta[key] += piece.count;
        if (s[i] == id || s[i + 1] == id) pieces_with[key].push_back(p);
      }
    }
    for (const auto& [key, change] : delta) {
      if (change == 0) continue;
      int64_t& c = pair_counts[key];
      c += change;
      if (c <= 0)
        pair_counts.erase(key);
      else if (change > 0)
        heap.push({c, key});
    }
  }
  return merges;
}

}  // namespace genlab::text
