// SMF reading: chunks -> per-track raw events (ticks) -> one merged list -> tempo map (seconds) ->
// notes paired per (channel, pitch), first-in first-out -> sustain pedal. Writing lives in
// midi_write.cpp. Byte offsets in errors are from the start of the file.
#include "genlab/music/midi.h"

#include <algorithm>
#include <map>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"

namespace genlab::music {
namespace {

// ---- bytes ------------------------------------------------------------------------------------

// A bounded reader over [pos, end); running past end is "truncated <what> at byte <pos>".
struct Cursor {
  std::string_view bytes;
  const std::string& name;
  size_t pos;
  size_t end;
  const char* what;

  uint8_t u8() {
    if (pos >= end) fail("{}: truncated {} at byte {}", name, what, pos);
    return static_cast<uint8_t>(bytes[pos++]);
  }
  uint32_t big_endian(int count) {
    uint32_t value = 0;
    for (int i = 0; i < count; ++i) value = (value << 8) | u8();
    return value;
  }
  uint32_t vlq() {
    const size_t start = pos;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const uint8_t byte = u8();
      value = (value << 7) | (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
    fail("{}: variable-length quantity longer than 4 bytes at byte {}", name, start);
  }
  void skip(uint32_t count) {
    if (count > end - pos) fail("{}: truncated {} at byte {}", name, what, end);
    pos += count;
  }
};

// ---- raw events -------------------------------------------------------------------------------

enum class Kind { note_on, note_off, program, sustain, tempo };

struct RawEvent {
  int64_t tick;
  Kind kind;
  int channel;
  int value1;  // pitch, program, pedal value, or microseconds per quarter
  int value2;  // velocity
};

// Appends one MTrk chunk's events (data in [cursor.pos, cursor.end)) to `out`, in file order.
// Meta and sysex events do not cancel running status: real files rely on that, and nothing is lost.
void parse_track(Cursor cursor, std::vector<RawEvent>& out) {
  int64_t tick = 0;
  uint8_t status = 0;
  while (cursor.pos < cursor.end) {
    tick += cursor.vlq();
    const size_t status_pos = cursor.pos;
    const uint8_t byte = cursor.u8();
    if (byte == 0xff) {
      const uint8_t type = cursor.u8();
      const uint32_t length = cursor.vlq();
      if (type == 0x2f) return;  // end of track: anything after it is padding
      if (type == 0x51 && length == 3) {
        const uint32_t us_per_quarter = cursor.big_endian(3);
        if (us_per_quarter == 0) fail("{}: tempo of 0 microseconds per quarter at byte {}", cursor.name, status_pos);
        out.push_back({tick, Kind::tempo, 0, static_cast<int>(us_per_quarter), 0});
      } else {
        cursor.skip(length);
      }
      continue;
    }
    if (byte == 0xf0 || byte == 0xf7) {
      cursor.skip(cursor.vlq());
      continue;
    }
    if (byte >= 0xf0) fail("{}: unexpected status byte 0x{:02X} at byte {}", cursor.name, byte, status_pos);
    uint8_t data1 = byte;
    if (byte & 0x80) {
      status = byte;
      data1 = cursor.u8();
    } else if (status == 0) {
      fail("{}: data byte 0x{:02X} without a status byte at byte {}", cursor.name, byte, status_pos);
    }
    const int type = status & 0xf0;
    const int channel = status & 0x0f;
    const uint8_t data2 = (type == 0xc0 || type == 0xd0) ? 0 : cursor.u8();
    if ((data1 | data2) & 0x80) fail("{}: status byte inside a channel message at byte {}", cursor.name, status_pos);
    if (type == 0x90 && data2 > 0) out.push_back({tick, Kind::note_on, channel, data1, data2});
    if (type == 0x80 || (type == 0x90 && data2 == 0)) out.push_back({tick, Kind::note_off, channel, data1, 0});
    if (type == 0xc0) out.push_back({tick, Kind::program, channel, data1, 0});
    if (type == 0xb0 && data1 == 64) out.push_back({tick, Kind::sustain, channel, data2, 0});
  }
}

// ---- time -------------------------------------------------------------------------------------

// Ticks to seconds: piecewise linear between tempo changes (metrical division) or a fixed rate
// (SMPTE division, where tempo events do not change time).
class TempoMap {
 public:
  TempoMap(uint16_t division, const std::vector<RawEvent>& events) {
    if (division & 0x8000) {
      const int frames = -static_cast<int8_t>(division >> 8);
      m_smpte_ticks_per_s = (frames == 29 ? 29.97 : frames) * (division & 0xff);
    }
    m_ticks_per_quarter = division & 0x7fff;
    m_points.push_back({0, 0.0, 500000});
    for (const RawEvent& e : events) {
      if (e.kind != Kind::tempo) continue;
      const double at = seconds(e.tick);
      if (e.tick == m_points.back().tick) m_points.pop_back();
      m_points.push_back({e.tick, at, e.value1});
    }
  }

  double seconds(int64_t tick) const {
    if (m_smpte_ticks_per_s > 0) return tick / m_smpte_ticks_per_s;
    auto it =
        std::upper_bound(m_points.begin(), m_points.end(), tick, [](int64_t t, const Point& p) { return t < p.tick; });
    const Point& p = *std::prev(it);
    return p.seconds + double(tick - p.tick) * p.us_per_quarter * 1e-6 / m_ticks_per_quarter;
  }

  std::vector<TempoChange> changes(const std::vector<RawEvent>& events) const {
    std::vector<TempoChange> out;
    for (const RawEvent& e : events)
      if (e.kind == Kind::tempo) {
        const TempoChange change{seconds(e.tick), 60e6 / e.value1};
        if (!out.empty() && out.back().time_s == change.time_s) out.pop_back();
        out.push_back(change);
      }
    return out;
  }

 private:
  struct Point {
    int64_t tick;
    double seconds;
    int us_per_quarter;
  };
  std::vector<Point> m_points;
  double m_smpte_ticks_per_s = 0;
  int m_ticks_per_quarter = 1;
};

// ---- sustain ----------------------------------------------------------------------------------

struct PedalEvent {
  double time_s;
  int channel;
  bool down;
};

// Magenta's apply_sustain_control_changes, per channel: at equal times pedal-down, pedal-up,
// note-on, note-off are processed in that order. A note-off while the pedal is down is deferred to
// the pedal release; a re-struck pitch under the pedal ends the earlier note at the new onset; notes
// held when the piece ends last until the last event.
void apply_sustain(std::vector<Note>& notes, const std::vector<PedalEvent>& pedals) {
  struct Event {
    double time_s;
    int type;  // 0 pedal down, 1 pedal up, 2 note on, 3 note off
    size_t note;
  };
  std::map<int, std::vector<Event>> by_channel;
  for (const PedalEvent& p : pedals) by_channel[p.channel].push_back({p.time_s, p.down ? 0 : 1, 0});
  for (size_t i = 0; i < notes.size(); ++i) {
    if (!by_channel.count(notes[i].channel)) continue;
    by_channel[notes[i].channel].push_back({notes[i].start_s, 2, i});
    by_channel[notes[i].channel].push_back({notes[i].end_s, 3, i});
  }
  for (auto& [channel, events] : by_channel) {
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return a.time_s != b.time_s ? a.time_s < b.time_s : a.type < b.type;
    });
    bool down = false;
    std::vector<size_t> active;
    auto end_where = [&](auto should_end, double at) {
      auto keep = std::remove_if(active.begin(), active.end(), [&](size_t n) {
        if (!should_end(n)) return false;
        notes[n].end_s = at;
        return true;
      });
      active.erase(keep, active.end());
    };
    for (const Event& e : events) {
      if (e.type == 0) down = true;
      if (e.type == 1) {
        down = false;
        end_where([&](size_t n) { return notes[n].end_s < e.time_s; }, e.time_s);
      }
      if (e.type == 2) {
        if (down) end_where([&](size_t n) { return notes[n].pitch == notes[e.note].pitch; }, e.time_s);
        active.push_back(e.note);
      }
      if (e.type == 3 && !down) active.erase(std::remove(active.begin(), active.end(), e.note), active.end());
    }
    const double last = events.back().time_s;
    for (size_t n : active) notes[n].end_s = std::max(notes[n].end_s, last);
  }
}

// ---- notes ------------------------------------------------------------------------------------

// Pairs note-ons and note-offs per (channel, pitch) across tracks, first in first out.
struct NoteBuilder {
  const TempoMap& tempo;
  std::vector<Note> notes;
  std::vector<PedalEvent> pedals;
  int program[16] = {};
  std::map<std::pair<int, int>, std::vector<std::pair<size_t, int64_t>>> open;  // -> (note, onset tick)

  void add(const RawEvent& e) {
    if (e.kind == Kind::program) program[e.channel] = e.value1;
    if (e.kind == Kind::sustain) pedals.push_back({tempo.seconds(e.tick), e.channel, e.value1 >= 64});
    if (e.kind == Kind::note_on) {
      open[{e.channel, e.value1}].push_back({notes.size(), e.tick});
      const double at = tempo.seconds(e.tick);
      notes.push_back({e.value1, e.value2, at, at, program[e.channel], e.channel, e.channel == k_drum_channel});
    }
    if (e.kind == Kind::note_off) {
      auto it = open.find({e.channel, e.value1});
      if (it == open.end() || it->second.empty()) return;
      notes[it->second.front().first].end_s = tempo.seconds(e.tick);
      it->second.erase(it->second.begin());
    }
  }
};

}  // namespace

void finalize(NoteSequence& sequence) {
  std::stable_sort(sequence.notes.begin(), sequence.notes.end(), [](const Note& a, const Note& b) {
    if (a.start_s != b.start_s) return a.start_s < b.start_s;
    return a.pitch != b.pitch ? a.pitch < b.pitch : a.channel < b.channel;
  });
  sequence.total_time_s = 0;
  for (const Note& note : sequence.notes) sequence.total_time_s = std::max(sequence.total_time_s, note.end_s);
}

NoteSequence parse_midi(std::string_view bytes, const std::string& name, const MidiReadOptions& options) {
  if (bytes.substr(0, 4) != "MThd") fail("{}: not a MIDI file (no MThd header) at byte 0", name);
  Cursor header{bytes, name, 4, bytes.size(), "MThd header"};
  const uint32_t header_length = header.big_endian(4);
  if (header_length < 6) fail("{}: MThd length {} is shorter than 6 at byte 4", name, header_length);
  const uint32_t format = header.big_endian(2);
  const uint32_t track_count = header.big_endian(2);
  const auto division = static_cast<uint16_t>(header.big_endian(2));
  if (format == 2) fail("{}: MIDI format 2 is not supported at byte 8", name);
  if (format > 2) fail("{}: unknown MIDI format {} at byte 8", name, format);
  if (division == 0) fail("{}: division of 0 ticks per quarter at byte 12", name);

  // Tracks are parsed one by one, then merged by tick (stable, so each track keeps file order and
  // earlier tracks come first at equal ticks).
  std::vector<RawEvent> events;
  size_t pos = 8 + size_t{header_length};
  for (uint32_t found = 0; found < track_count;) {
    if (pos >= bytes.size())
      fail("{}: truncated file: {} of {} MTrk chunks present at byte {}", name, found, track_count, bytes.size());
    Cursor chunk{bytes, name, pos, bytes.size(), "chunk header"};
    const std::string_view id = bytes.substr(pos, 4);
    chunk.skip(4);
    const uint32_t length = chunk.big_endian(4);
    if (length > bytes.size() - chunk.pos)
      fail("{}: truncated {} chunk at byte {}", name, id == "MTrk" ? "MTrk" : "unknown", pos);
    if (id == "MTrk") {
      std::vector<RawEvent> track;
      parse_track({bytes, name, chunk.pos, chunk.pos + length, "event in MTrk chunk"}, track);
      events.insert(events.end(), track.begin(), track.end());
      ++found;
    }
    pos = chunk.pos + length;
  }
  std::stable_sort(events.begin(), events.end(), [](const RawEvent& a, const RawEvent& b) { return a.tick < b.tick; });

  const TempoMap tempo(division, events);
  NoteBuilder builder{tempo, {}, {}, {}, {}};
  for (const RawEvent& e : events) builder.add(e);
  const double last_s = events.empty() ? 0.0 : tempo.seconds(events.back().tick);
  for (auto& [key, open] : builder.open)
    for (const auto& [note, tick] : open) builder.notes[note].end_s = last_s;
  if (options.apply_sustain && !builder.pedals.empty()) apply_sustain(builder.notes, builder.pedals);

  NoteSequence sequence;
  sequence.notes = std::move(builder.notes);
  sequence.tempos = tempo.changes(events);
  finalize(sequence);
  return sequence;
}

NoteSequence read_midi(const std::string& path, const MidiReadOptions& options) {
  return parse_midi(core::read_file(path), path, options);
}

}  // namespace genlab::music
