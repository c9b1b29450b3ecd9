// Piano-roll rasterisation: background, C lines, then notes as filled rectangles.
#include "genlab/music/piano_roll.h"

#include <algorithm>
#include <cmath>

#include "genlab/core/check.h"
#include "genlab/image/png.h"

namespace genlab::music {
namespace {

struct Rgb {
  int r, g, b;
};

constexpr Rgb k_background{24, 24, 28};
constexpr Rgb k_c_line{72, 72, 84};
constexpr Rgb k_piano{255, 170, 60};
constexpr Rgb k_drum{80, 200, 255};

void paint(Image& image, int x0, int x1, int y0, int y1, Rgb colour) {
  for (int y = std::max(0, y0); y < std::min(image.height, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(image.width, x1); ++x) {
      uint8_t* p = &image.pixels[(static_cast<size_t>(y) * image.width + x) * 3];
      p[0] = static_cast<uint8_t>(colour.r);
      p[1] = static_cast<uint8_t>(colour.g);
      p[2] = static_cast<uint8_t>(colour.b);
    }
}

}  // namespace

Image piano_roll(const NoteSequence& sequence, const PianoRollConfig& config) {
  if (!(config.pixels_per_second > 0) || config.pixels_per_pitch <= 0 || config.max_width <= 0)
    fail("piano roll: pixels_per_second ({}), pixels_per_pitch ({}) and max_width ({}) must be positive",
         config.pixels_per_second, config.pixels_per_pitch, config.max_width);
  int low = 48, high = 71;
  if (!sequence.notes.empty()) {
    low = 127, high = 0;
    for (const Note& note : sequence.notes) low = std::min(low, note.pitch), high = std::max(high, note.pitch);
    low -= low % 12;
    high += 11 - high % 12;
  }
  const double wanted = std::ceil(sequence.total_time_s * config.pixels_per_second);
  const int width = static_cast<int>(std::clamp(wanted, 1.0, double(config.max_width)));
  const double pixels_per_second =
      wanted > config.max_width ? config.max_width / sequence.total_time_s : config.pixels_per_second;
  const int row = config.pixels_per_pitch;
  Image image;
  image.width = width;
  image.height = (high - low + 1) * row;
  image.channels = 3;
  image.pixels.resize(static_cast<size_t>(image.width) * image.height * 3);
  paint(image, 0, width, 0, image.height, k_background);
  for (int pitch = low; pitch <= high; pitch += 12) {
    const int bottom = (high - pitch + 1) * row;
    paint(image, 0, width, bottom - 1, bottom, k_c_line);
  }
  for (const Note& note : sequence.notes) {
    const double brightness = 0.35 + 0.65 * std::clamp(note.velocity, 0, 127) / 127.0;
    const Rgb base = note.is_drum ? k_drum : k_piano;
    const Rgb colour{int(base.r * brightness), int(base.g * brightness), int(base.b * brightness)};
    const int x0 = static_cast<int>(std::floor(note.start_s * pixels_per_second));
    const int x1 = std::max(x0 + 1, static_cast<int>(std::ceil(note.end_s * pixels_per_second)));
    const int top = (high - note.pitch) * row;
    paint(image, x0, x1, top, top + std::max(1, row - 1), colour);  // a 1-pixel gap between rows
  }
  return image;
}

void write_piano_roll(const std::string& path, const NoteSequence& sequence, const PianoRollConfig& config) {
  image::write_png(path, piano_roll(sequence, config));
}

}  // namespace genlab::music
