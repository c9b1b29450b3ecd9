// Statistics and originality. The n-gram search uses one hash per window, rolled in O(1).
#include "genlab/music/stats.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "genlab/core/check.h"

namespace genlab::music {
namespace {

constexpr uint64_t k_mod = (uint64_t{1} << 61) - 1;
constexpr uint64_t k_base = 1000003;

uint64_t mul_mod(uint64_t a, uint64_t b) {
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  uint64_t folded = static_cast<uint64_t>(product & k_mod) + static_cast<uint64_t>(product >> 61);
  while (folded >= k_mod) folded -= k_mod;  // at most twice: folded <= 2 * k_mod
  return folded;
}

uint64_t add_mod(uint64_t a, uint64_t b) { return a + b >= k_mod ? a + b - k_mod : a + b; }

// Token -> a nonzero residue (negative intervals included).
uint64_t symbol(int token) { return static_cast<uint64_t>(static_cast<int64_t>(token) + (int64_t{1} << 32)); }

// Calls visit(start, hash) for every window of `length` tokens in `tokens`.
template <class Visit>
bool for_each_window(const std::vector<int>& tokens, size_t length, uint64_t top_power, Visit visit) {
  if (tokens.size() < length) return false;
  uint64_t hash = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i >= length) hash = add_mod(hash, k_mod - mul_mod(symbol(tokens[i - length]), top_power));
    hash = add_mod(mul_mod(hash, k_base), symbol(tokens[i]));
    if (i + 1 >= length && visit(i + 1 - length, hash)) return true;
  }
  return false;
}

// A run of `length` tokens shared by query and some corpus sequence, or length 0.
CopiedRun find_run(const std::vector<int>& query, const std::vector<std::vector<int>>& corpus, size_t length) {
  uint64_t top_power = 1;  // k_base^(length-1)
  for (size_t i = 1; i < length; ++i) top_power = mul_mod(top_power, k_base);
  std::unordered_map<uint64_t, size_t> windows;  // hash -> first query offset
  for_each_window(query, length, top_power, [&](size_t start, uint64_t hash) {
    windows.emplace(hash, start);
    return false;
  });
  CopiedRun run;
  for (size_t piece = 0; piece < corpus.size(); ++piece) {
    const bool found = for_each_window(corpus[piece], length, top_power, [&](size_t start, uint64_t hash) {
      auto it = windows.find(hash);
      if (it == windows.end()) return false;
      if (!std::equal(query.begin() + it->second, query.begin() + it->second + length, corpus[piece].begin() + start))
        return false;
      run = {static_cast<int64_t>(length), piece, it->second, start};
      return true;
    });
    if (found) break;
  }
  return run;
}

void normalize(std::vector<double>& histogram) {
  double total = 0;
  for (double v : histogram) total += v;
  if (total > 0)
    for (double& v : histogram) v /= total;
}

void check_sizes(const std::vector<double>& p, const std::vector<double>& q) {
  if (p.size() != q.size()) fail("histograms of {} and {} bins cannot be compared", p.size(), q.size());
}

// Krumhansl & Kessler (1982) probe-tone ratings, tonic first.
constexpr double k_major_profile[12] = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr double k_minor_profile[12] = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

// Pearson correlation of histogram h with profile rotated to start at tonic; 0 when either is flat.
double key_correlation(const std::vector<double>& h, const double* profile, int tonic) {
  double mh = 0, mp = 0;
  for (int i = 0; i < 12; ++i) {
    mh += h[i] / 12;
    mp += profile[i] / 12;
  }
  double num = 0, vh = 0, vp = 0;
  for (int i = 0; i < 12; ++i) {
    const double a = h[(tonic + i) % 12] - mh, b = profile[i] - mp;
    num += a * b;
    vh += a * a;
    vp += b * b;
  }
  return vh > 0 && vp > 0 ? num / std::sqrt(vh * vp) : 0.0;
}

}  // namespace

int key_signature(const std::vector<double>& pitch_classes) {
  if (pitch_classes.size() != 12) fail("a pitch-class histogram has 12 bins, not {}", pitch_classes.size());
  int best = 0;
  double best_r = 0;
  for (int minor = 0; minor < 2; ++minor)
    for (int tonic = 0; tonic < 12; ++tonic) {
      const double r = key_correlation(pitch_classes, minor ? k_minor_profile : k_major_profile, tonic);
      if (r > best_r) {
        best_r = r;
        best = minor ? (tonic + 3) % 12 : tonic;
      }
    }
  return best;
}

std::vector<int> pitch_intervals(const NoteSequence& sequence) {
  std::vector<const Note*> notes;
  for (const Note& note : sequence.notes)
    if (!note.is_drum) notes.push_back(&note);
  std::stable_sort(notes.begin(), notes.end(), [](const Note* a, const Note* b) {
    return a->start_s != b->start_s ? a->start_s < b->start_s : a->pitch < b->pitch;
  });
  std::vector<int> intervals;
  for (size_t i = 1; i < notes.size(); ++i) intervals.push_back(notes[i]->pitch - notes[i - 1]->pitch);
  return intervals;
}

MusicStats compute_stats(const std::vector<NoteSequence>& pieces) {
  MusicStats stats;
  double sounding = 0;
  for (const NoteSequence& piece : pieces) {
    stats.seconds += piece.total_time_s;
    std::vector<double> counts(12);
    for (const Note& note : piece.notes) {
      if (note.is_drum) continue;
      ++stats.notes;
      stats.pitch_classes[note.pitch % 12] += note.end_s - note.start_s;
      counts[note.pitch % 12] += 1;
      sounding += note.end_s - note.start_s;
    }
    const int key = key_signature(counts);
    for (int i = 0; i < 12; ++i) {
      stats.pitch_class_counts[i] += counts[i];
      stats.key_relative_pitch_classes[i] += counts[(key + i) % 12];
    }
    for (int interval : pitch_intervals(piece))
      stats.intervals[std::clamp(interval, -k_interval_clip, k_interval_clip) + k_interval_clip] += 1;
  }
  normalize(stats.pitch_classes);
  normalize(stats.pitch_class_counts);
  normalize(stats.key_relative_pitch_classes);
  normalize(stats.intervals);
  if (stats.seconds > 0) {
    stats.note_density = stats.notes / stats.seconds;
    stats.polyphony = sounding / stats.seconds;
  }
  return stats;
}

double total_variation(const std::vector<double>& p, const std::vector<double>& q) {
  check_sizes(p, q);
  double sum = 0;
  for (size_t i = 0; i < p.size(); ++i) sum += std::abs(p[i] - q[i]);
  return 0.5 * sum;
}

double jensen_shannon(const std::vector<double>& p, const std::vector<double>& q) {
  check_sizes(p, q);
  double sum = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const double m = 0.5 * (p[i] + q[i]);
    if (p[i] > 0) sum += 0.5 * p[i] * std::log2(p[i] / m);
    if (q[i] > 0) sum += 0.5 * q[i] * std::log2(q[i] / m);
  }
  return sum;
}

CopiedRun longest_copied_run(const std::vector<int>& query, const std::vector<std::vector<int>>& corpus) {
  size_t longest_piece = 0;
  for (const std::vector<int>& piece : corpus) longest_piece = std::max(longest_piece, piece.size());
  // Invariant: a run of length `low` exists (best holds it, or low = 0); none of length `high` + 1.
  size_t low = 0, high = std::min(query.size(), longest_piece);
  CopiedRun best;
  while (low < high) {
    const size_t mid = low + (high - low + 1) / 2;
    const CopiedRun run = find_run(query, corpus, mid);
    if (run.length > 0) {
      best = run;
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

}  // namespace genlab::music
