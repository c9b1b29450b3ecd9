// Tiny valid files of each container format, built byte by byte, for the provenance tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "genlab/image/gif.h"
#include "genlab/image/png.h"

namespace genlab::provenance::testing {

inline std::string le16(uint16_t v) { return {char(v & 0xff), char(v >> 8)}; }
inline std::string le32(uint32_t v) { return le16(v & 0xffff) + le16(v >> 16); }
inline std::string be32(uint32_t v) {
  return {char(v >> 24), char((v >> 16) & 0xff), char((v >> 8) & 0xff), char(v & 0xff)};
}

// 8 kHz mono 8-bit PCM; `samples` bytes of audio (odd counts exercise the pad byte).
inline std::string tiny_wav(const std::string& samples) {
  std::string fmt =
      "fmt " + le32(16) + le16(1) + le16(1) + le32(8000) + le32(8000) + le16(1) + le16(8);
  std::string data = "data" + le32(static_cast<uint32_t>(samples.size())) + samples;
  if (samples.size() % 2) data += '\0';
  const std::string body = "WAVE" + fmt + data;
  return "RIFF" + le32(static_cast<uint32_t>(body.size())) + body;
}

// Format-0 SMF, one track: note on (velocity), note off after 96 ticks, end of track.
inline std::string tiny_midi(uint8_t velocity) {
  const std::string events = std::string("\x00\x90\x3c", 3) + char(velocity) +
                             std::string("\x60\x80\x3c\x40\x00\xff\x2f\x00", 8);
  return "MThd" + be32(6) + std::string("\x00\x00\x00\x01\x00\x60", 6) + "MTrk" +
         be32(static_cast<uint32_t>(events.size())) + events;
}

inline Image tiny_image(uint8_t first_pixel) {
  Image im;
  im.width = 3;
  im.height = 2;
  im.channels = 3;
  im.pixels = {first_pixel, 20,  30,  40,  50,  60,  70,  80,  90,
               100,         110, 120, 130, 140, 150, 160, 170, 180};
  return im;
}

inline std::string tiny_png(uint8_t first_pixel) {
  return image::encode_png(tiny_image(first_pixel));
}

inline std::string tiny_gif(uint8_t first_pixel) {
  Image grey = tiny_image(first_pixel);
  grey.channels = 1;
  grey.pixels.resize(6);
  return image::encode_gif({grey, grey}, /*delay_ms=*/100);
}

}  // namespace genlab::provenance::testing
