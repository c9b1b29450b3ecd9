// genlab_make_data: tiny, structured training data for tests and CI (no downloads).
//   genlab_make_data idx DIR N     DIR/train-images-idx3-ubyte + train-labels-idx1-ubyte, N 28x28 images
//   genlab_make_data png DIR N     N 28x28 grey PNG files in DIR
//   genlab_make_data midi DIR N    N short MIDI pieces (rising and falling scales with chords) in DIR
// Each image is a bright rectangle (class = its size bucket) on a dark, lightly noisy background,
// so a generator can learn its statistics within a few hundred steps.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "genlab/core/fs.h"
#include "genlab/data/idx.h"
#include "genlab/data/shuffle.h"
#include "genlab/image/png.h"
#include "genlab/music/midi.h"

namespace {

constexpr int k_side = 28;

genlab::Image make_image(uint64_t& rng, int& label) {
  genlab::Image im;
  im.width = im.height = k_side;
  im.channels = 1;
  im.pixels.assign(k_side * k_side, 0);
  const int w = 6 + static_cast<int>(genlab::data::splitmix64(rng) % 14);
  const int h = 6 + static_cast<int>(genlab::data::splitmix64(rng) % 14);
  const int x0 = static_cast<int>(genlab::data::splitmix64(rng) % (k_side - w));
  const int y0 = static_cast<int>(genlab::data::splitmix64(rng) % (k_side - h));
  for (int y = 0; y < k_side; ++y)
    for (int x = 0; x < k_side; ++x) {
      const bool inside = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
      const int noise = static_cast<int>(genlab::data::splitmix64(rng) % 24);
      im.pixels[y * k_side + x] = static_cast<uint8_t>(inside ? 231 - noise : noise);
    }
  label = (w * h) * 10 / (20 * 20);
  if (label > 9) label = 9;
  return im;
}

}  // namespace

// Piece i: 32 notes of a major scale from a root that depends on i, a chord every 8th note.
void write_midi_piece(const std::string& path, int i) {
  static const int k_scale[] = {0, 2, 4, 5, 7, 9, 11, 12};
  genlab::music::NoteSequence seq;
  const int root = 48 + (i * 5) % 24;
  for (int k = 0; k < 32; ++k) {
    const int degree = k < 16 ? k % 8 : 7 - k % 8;
    const double t = 0.25 * k;
    seq.notes.push_back({root + k_scale[degree], 70 + (k % 4) * 10, t, t + 0.2, 0, 0, false});
    if (k % 8 == 0) seq.notes.push_back({root - 12, 60, t, t + 1.9, 0, 0, false});
  }
  genlab::music::finalize(seq);
  genlab::music::write_midi(path, seq);
}

int main(int argc, char** argv) try {
  if (argc != 4) {
    std::fprintf(stderr, "usage: genlab_make_data idx|png|midi DIR N\n");
    return 1;
  }
  const std::string kind = argv[1], dir = argv[2];
  const int n = std::atoi(argv[3]);
  genlab::core::create_directories(dir);
  if (kind == "midi") {
    for (int i = 0; i < n; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "piece-%03d.mid", i);
      write_midi_piece(genlab::core::join_path(dir, name), i);
    }
    return 0;
  }
  uint64_t rng = 42;
  genlab::data::IdxArray images{{n, k_side, k_side}, {}}, labels{{n}, {}};
  for (int i = 0; i < n; ++i) {
    int label = 0;
    const genlab::Image im = make_image(rng, label);
    if (kind == "png") {
      char name[32];
      std::snprintf(name, sizeof name, "img-%05d.png", i);
      genlab::image::write_png(genlab::core::join_path(dir, name), im);
    }
    images.data.insert(images.data.end(), im.pixels.begin(), im.pixels.end());
    labels.data.push_back(static_cast<uint8_t>(label));
  }
  if (kind == "idx") {
    genlab::data::write_idx(genlab::core::join_path(dir, "train-images-idx3-ubyte"), images);
    genlab::data::write_idx(genlab::core::join_path(dir, "train-labels-idx1-ubyte"), labels);
  } else if (kind != "png") {
    std::fprintf(stderr, "genlab_make_data: unknown kind '%s'; use idx, png or midi\n", kind.c_str());
    return 1;
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "genlab_make_data: %s\n", e.what());
  return 1;
}
