// SMF writing: NoteSequence -> per-channel event lists in ticks -> MTrk chunks with running status.
// One tempo, 480 ticks per quarter. Reading lives in midi.cpp.
#include <algorithm>
#include <cmath>
#include <map>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/music/midi.h"

namespace genlab::music {
namespace {

constexpr int k_ticks_per_quarter = 480;

struct OutEvent {
  int64_t tick;
  int priority;  // at equal ticks: note-offs, program changes, note-ons, zero-length note-offs
  uint8_t status;
  uint8_t data1;
  uint8_t data2;
  int length;  // data bytes after the status: 1 or 2
};

void put_big_endian(std::string& out, uint32_t value, int count) {
  for (int i = count - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void put_vlq(std::string& out, uint32_t value) {
  char buffer[5];
  int n = 0;
  buffer[n++] = static_cast<char>(value & 0x7f);
  while (value >>= 7) buffer[n++] = static_cast<char>((value & 0x7f) | 0x80);
  while (n > 0) out += buffer[--n];
}

// One MTrk chunk: optional tempo meta, the events (sorted here), end of track.
std::string track_chunk(std::vector<OutEvent> events, int us_per_quarter) {
  std::stable_sort(events.begin(), events.end(), [](const OutEvent& a, const OutEvent& b) {
    return a.tick != b.tick ? a.tick < b.tick : a.priority < b.priority;
  });
  std::string body;
  if (us_per_quarter > 0) {
    body += std::string("\x00\xff\x51\x03", 4);
    put_big_endian(body, static_cast<uint32_t>(us_per_quarter), 3);
  }
  int64_t tick = 0;
  int running = -1;
  for (const OutEvent& e : events) {
    put_vlq(body, static_cast<uint32_t>(e.tick - tick));
    tick = e.tick;
    if (e.status != running) body += static_cast<char>(e.status);
    running = e.status;
    body += static_cast<char>(e.data1);
    if (e.length == 2) body += static_cast<char>(e.data2);
  }
  body += std::string("\x00\xff\x2f\x00", 4);
  std::string chunk = "MTrk";
  put_big_endian(chunk, static_cast<uint32_t>(body.size()), 4);
  return chunk + body;
}

void check_note(const Note& note, size_t index) {
  auto bad = [&](const char* field, double value, const char* range) {
    fail("note {}: {} {} is outside {}", index, field, value, range);
  };
  if (note.pitch < 0 || note.pitch > 127) bad("pitch", note.pitch, "0..127");
  if (note.velocity < 1 || note.velocity > 127) bad("velocity", note.velocity, "1..127");
  if (note.program < 0 || note.program > 127) bad("program", note.program, "0..127");
  if (note.channel < 0 || note.channel > 15) bad("channel", note.channel, "0..15");
  if (!(note.start_s >= 0)) bad("start", note.start_s, "[0, inf) seconds");
  if (!(note.end_s >= note.start_s)) bad("end", note.end_s, "[start, inf) seconds");
}

}  // namespace

std::string encode_midi(const NoteSequence& sequence, const MidiWriteOptions& options) {
  if (options.format != 0 && options.format != 1)
    fail("MIDI format {} cannot be written; choose 0 or 1", options.format);
  const double qpm = sequence.tempos.empty() ? 120.0 : sequence.tempos.front().qpm;
  if (!(qpm > 0)) fail("tempo {} qpm is not positive", qpm);
  const int us_per_quarter = static_cast<int>(std::lround(60e6 / qpm));
  const double ticks_per_s = qpm / 60.0 * k_ticks_per_quarter;
  auto to_tick = [&](double s) { return static_cast<int64_t>(std::llround(s * ticks_per_s)); };

  std::vector<size_t> order(sequence.notes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return sequence.notes[a].start_s < sequence.notes[b].start_s; });

  std::map<int, std::vector<OutEvent>> by_channel;
  std::map<int, int> program;  // channel -> program in force
  for (size_t i : order) {
    const Note& note = sequence.notes[i];
    check_note(note, i);
    const int channel = note.is_drum ? k_drum_channel : note.channel;
    const auto pitch = static_cast<uint8_t>(note.pitch);
    std::vector<OutEvent>& events = by_channel[channel];
    const int64_t on = to_tick(note.start_s);
    if (!program.count(channel) || program[channel] != note.program) {
      program[channel] = note.program;
      events.push_back({on, 1, static_cast<uint8_t>(0xc0 | channel), static_cast<uint8_t>(note.program), 0, 1});
    }
    events.push_back({on, 2, static_cast<uint8_t>(0x90 | channel), pitch, static_cast<uint8_t>(note.velocity), 2});
    // A zero-length note's note-off must still follow its note-on.
    const int64_t off = to_tick(note.end_s);
    events.push_back({off, off == on ? 3 : 0, static_cast<uint8_t>(0x80 | channel), pitch, 64, 2});
  }

  std::vector<std::string> tracks;
  if (options.format == 0) {
    std::vector<OutEvent> all;
    for (auto& [channel, events] : by_channel) all.insert(all.end(), events.begin(), events.end());
    tracks.push_back(track_chunk(all, us_per_quarter));
  } else {
    tracks.push_back(track_chunk({}, us_per_quarter));
    for (auto& [channel, events] : by_channel) tracks.push_back(track_chunk(events, 0));
  }
  std::string out = "MThd";
  put_big_endian(out, 6, 4);
  put_big_endian(out, static_cast<uint32_t>(options.format), 2);
  put_big_endian(out, static_cast<uint32_t>(tracks.size()), 2);
  put_big_endian(out, k_ticks_per_quarter, 2);
  for (const std::string& track : tracks) out += track;
  return out;
}

void write_midi(const std::string& path, const NoteSequence& sequence, const MidiWriteOptions& options) {
  core::write_file_atomic(path, encode_midi(sequence, options));
}

}  // namespace genlab::music
