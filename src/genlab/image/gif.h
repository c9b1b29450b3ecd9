// Animated GIF write (and a small reader for tests) through giflib. Torch-free.
// Frames are full-canvas, share one global palette and loop forever; this is not a general GIF
// decoder (no partial frames, no disposal handling).
#pragma once

#include <string>
#include <vector>

#include "genlab/image/image.h"

namespace genlab::image {

// An application extension block: an 11-byte identifier (8-character application name + 3-byte
// authentication code, e.g. "GENLABPV1.0") and data, stored as sub-blocks of at most 255 bytes.
struct GifApplicationBlock {
  std::string identifier;  // exactly 11 bytes
  std::string data;        // any bytes, any length
};

// Encodes frames (all grey or all RGB, 8-bit, one size) as a looping GIF89a animation.
// delay_ms: time each frame is shown, stored in GIF's 10 ms units (rounded to nearest, at least 1).
// Grey frames use a 256-level grey palette (exact). RGB frames are mapped to the nearest colour of
// a fixed 6x7x6 RGB cube (252 colours: 6 levels of red and blue, 7 of green); colours already on
// the cube are exact. `extra` blocks are written after the last frame, before the trailer.
// Throws InternalError when frames are empty or differ in size or channels.
std::string encode_gif(const std::vector<Image>& frames, int delay_ms,
                       const std::vector<GifApplicationBlock>& extra = {});

// encode_gif + AtomicFile.
void write_gif(const std::string& path, const std::vector<Image>& frames, int delay_ms,
               const std::vector<GifApplicationBlock>& extra = {});

// The decoded content of a GIF file.
struct GifAnimation {
  int width = 0;  // canvas size in pixels
  int height = 0;
  std::vector<Image> frames;                      // 1 channel when the palette is all grey, else 3
  std::vector<int> delays_ms;                     // per frame; 0 when the frame has no delay
  bool loops_forever = false;                     // NETSCAPE2.0 block with loop count 0
  std::vector<GifApplicationBlock> applications;  // every application block except NETSCAPE2.0
};

// Reads a GIF whose frames each cover the whole canvas (as encode_gif writes).
// Throws Error "<path>: not a GIF file" / "<path>: corrupt GIF: <giflib message>" /
// "<path>: frame N covers part of the canvas; only full-frame GIFs are read".
GifAnimation read_gif(const std::string& path);

// read_gif on bytes already in memory; path only names the file in errors.
GifAnimation decode_gif(const std::string& bytes, const std::string& path);

}  // namespace genlab::image
