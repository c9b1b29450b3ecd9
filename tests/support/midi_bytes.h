// Hand-built Standard MIDI File bytes for tests: chunk headers, variable-length quantities and
// big-endian fields, so a test spells out every byte it feeds the reader.
#pragma once

#include <cstdint>
#include <string>

namespace genlab::testing {

inline std::string big_endian(uint32_t value, int count) {
  std::string out;
  for (int i = count - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

inline std::string vlq(uint32_t value) {
  std::string out(1, static_cast<char>(value & 0x7f));
  while (value >>= 7) out.insert(out.begin(), static_cast<char>((value & 0x7f) | 0x80));
  return out;
}

// "MThd", length 6, format, track count, ticks per quarter (14 bytes).
inline std::string mthd(int format, int tracks, int division) {
  return "MThd" + big_endian(6, 4) + big_endian(format, 2) + big_endian(tracks, 2) + big_endian(division, 2);
}

// "MTrk", length, body (the body should end with the end-of-track meta, end_of_track()).
inline std::string mtrk(const std::string& body) { return "MTrk" + big_endian(body.size(), 4) + body; }

inline std::string end_of_track() { return std::string("\x00\xff\x2f\x00", 4); }

// Delta time + raw event bytes, e.g. event(480, {0x90, 60, 100}).
inline std::string event(uint32_t delta, std::initializer_list<int> bytes) {
  std::string out = vlq(delta);
  for (int b : bytes) out += static_cast<char>(b);
  return out;
}

// A format-0 file of `notes` quarter notes (0.25 s at 480 ticks and 120 qpm) rising from `pitch`.
inline std::string song(int pitch, int notes) {
  std::string body;
  for (int i = 0; i < notes; ++i) body += event(0, {0x90, pitch + i, 100}) + event(240, {0x80, pitch + i, 0});
  return mthd(0, 1, 480) + mtrk(body + end_of_track());
}

}  // namespace genlab::testing
