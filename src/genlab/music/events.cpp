// Performance events <-> NoteSequence, and the augmentations. Reference: Magenta note-seq
// performance_lib.py (Performance.from_quantized_sequence / to_sequence) and
// performance_encoder_decoder.py (PerformanceOneHotEncoding), velocity binning in
// performance_lib.velocity_to_bin.
#include "genlab/music/events.h"

#include <algorithm>
#include <cmath>
#include <deque>

#include "genlab/core/check.h"

namespace genlab::music {
namespace {

constexpr int k_velocity_bin_size = 4;  // ceil(127 / 32), Magenta's velocity_bin_size
constexpr int k_default_velocity = 100;

struct StepEvent {
  int64_t step;
  bool is_on;
  int pitch;
  int velocity;
};

}  // namespace

int velocity_to_bin(int velocity) { return (std::clamp(velocity, 1, 127) - 1) / k_velocity_bin_size + 1; }

int bin_to_velocity(int bin) { return 1 + (std::clamp(bin, 1, k_velocity_bins) - 1) * k_velocity_bin_size; }

std::string event_name(int id) {
  if (id < 0 || id >= k_event_count) fail("event id {} is outside 0..{}", id, k_event_count - 1);
  if (id < k_note_off_base) return fmt::format("NOTE_ON {}", id - k_note_on_base);
  if (id < k_time_shift_base) return fmt::format("NOTE_OFF {}", id - k_note_off_base);
  if (id < k_velocity_base)
    return fmt::format("TIME_SHIFT {}ms", (id - k_time_shift_base + 1) * (1000 / k_steps_per_second));
  return fmt::format("VELOCITY {}", id - k_velocity_base + 1);
}

EncodedPerformance encode_performance(const NoteSequence& sequence) {
  EncodedPerformance out;
  struct Span {
    int pitch;
    int64_t on, off;
    int velocity;
  };
  std::vector<Span> spans;
  for (const Note& note : sequence.notes) {
    if (note.is_drum) {
      ++out.dropped_drum_notes;
      continue;
    }
    const int64_t on = std::llround(note.start_s * k_steps_per_second);
    const int64_t off = std::max(on + 1, int64_t{std::llround(note.end_s * k_steps_per_second)});
    spans.push_back({note.pitch, on, off, note.velocity});
  }
  // The piano part: one key per pitch, so a key struck again while it sounds ends the earlier note,
  // and notes struck together on one key are one note (the louder, the longer).
  std::stable_sort(spans.begin(), spans.end(),
                   [](const Span& a, const Span& b) { return a.pitch != b.pitch ? a.pitch < b.pitch : a.on < b.on; });
  std::vector<Span> keys;
  for (const Span& s : spans) {
    if (!keys.empty() && keys.back().pitch == s.pitch && keys.back().off > s.on) {
      ++out.merged_notes;
      Span& last = keys.back();
      if (last.on == s.on) {
        last.off = std::max(last.off, s.off);
        last.velocity = std::max(last.velocity, s.velocity);
        continue;
      }
      last.off = s.on;
    }
    keys.push_back(s);
  }
  std::vector<StepEvent> steps;
  for (const Span& k : keys) {
    steps.push_back({k.on, true, k.pitch, k.velocity});
    steps.push_back({k.off, false, k.pitch, 0});
  }
  std::stable_sort(steps.begin(), steps.end(), [](const StepEvent& a, const StepEvent& b) {
    if (a.step != b.step) return a.step < b.step;
    if (a.is_on != b.is_on) return !a.is_on;  // offs first
    return a.pitch < b.pitch;
  });
  int64_t now = 0;
  int bin = 0;  // none emitted yet
  for (const StepEvent& e : steps) {
    for (int64_t gap = e.step - now; gap > 0; gap -= k_max_shift_steps)
      out.events.push_back(k_time_shift_base + static_cast<int>(std::min<int64_t>(gap, k_max_shift_steps)) - 1);
    now = e.step;
    if (!e.is_on) {
      out.events.push_back(k_note_off_base + e.pitch);
      continue;
    }
    if (velocity_to_bin(e.velocity) != bin) {
      bin = velocity_to_bin(e.velocity);
      out.events.push_back(k_velocity_base + bin - 1);
    }
    out.events.push_back(k_note_on_base + e.pitch);
  }
  return out;
}

void KeyState::apply(int event) {
  if (event >= k_note_on_base && event < k_note_off_base) {
    ++m_open[static_cast<size_t>(event - k_note_on_base)];
  } else if (event >= k_note_off_base && event < k_time_shift_base) {
    int& open = m_open[static_cast<size_t>(event - k_note_off_base)];
    if (open > 0) --open;
  }
}

bool KeyState::allowed(int event) const {
  if (event >= k_note_on_base && event < k_note_off_base) return m_open[static_cast<size_t>(event - k_note_on_base)] == 0;
  if (event >= k_note_off_base && event < k_time_shift_base) return m_open[static_cast<size_t>(event - k_note_off_base)] > 0;
  return true;
}

NoteSequence decode_performance(const std::vector<int>& events, double max_note_s) {
  if (!(max_note_s >= 0)) fail("max_note_s = {} must not be negative", max_note_s);
  const auto max_steps = static_cast<int64_t>(std::llround(max_note_s * k_steps_per_second));
  NoteSequence sequence;
  std::deque<std::pair<int64_t, int>> open[128];  // per pitch: (onset step, velocity), oldest first
  int64_t now = 0;
  int velocity = k_default_velocity;
  auto close = [&](int pitch, int64_t start, int note_velocity) {
    if (start == now) return;  // zero length: nothing to hear
    const int64_t end = max_steps > 0 ? std::min(now, start + max_steps) : now;
    sequence.notes.push_back(
        {pitch, note_velocity, double(start) / k_steps_per_second, double(end) / k_steps_per_second, 0, 0, false});
  };
  for (size_t i = 0; i < events.size(); ++i) {
    const int id = events[i];
    if (id < 0 || id >= k_event_count) fail("event {}: id {} is outside 0..{}", i, id, k_event_count - 1);
    if (id < k_note_off_base) {
      open[id].push_back({now, velocity});
    } else if (id < k_time_shift_base) {
      auto& pending = open[id - k_note_off_base];
      if (pending.empty()) continue;
      close(id - k_note_off_base, pending.front().first, pending.front().second);
      pending.pop_front();
    } else if (id < k_velocity_base) {
      now += id - k_time_shift_base + 1;
    } else {
      velocity = bin_to_velocity(id - k_velocity_base + 1);
    }
  }
  for (int pitch = 0; pitch < 128; ++pitch)
    for (const auto& [start, note_velocity] : open[pitch]) close(pitch, start, note_velocity);
  finalize(sequence);
  return sequence;
}

std::optional<NoteSequence> transpose(const NoteSequence& sequence, int semitones) {
  NoteSequence out = sequence;
  for (Note& note : out.notes) {
    if (note.is_drum) continue;
    note.pitch += semitones;
    if (note.pitch < 0 || note.pitch > 127) return std::nullopt;
  }
  finalize(out);
  return out;
}

NoteSequence stretch(const NoteSequence& sequence, double factor) {
  if (!(factor > 0)) fail("stretch factor {} must be positive", factor);
  NoteSequence out = sequence;
  for (Note& note : out.notes) {
    note.start_s *= factor;
    note.end_s *= factor;
  }
  for (TempoChange& tempo : out.tempos) {
    tempo.time_s *= factor;
    tempo.qpm /= factor;
  }
  finalize(out);
  return out;
}

}  // namespace genlab::music
