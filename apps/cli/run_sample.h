// What `genlab sample` and `genlab interpolate` do, given their options: shared by the commands and
// by `genlab replay`, which rebuilds the options from a file's provenance record.
#pragma once

#include <cstdint>
#include <string>

#include "apps/cli/sample_options.h"
#include "genlab/models/model.h"
#include "genlab/provenance/labeler.h"

namespace genlab::cli {

// The class index --class names for a model: "" = -1 (every class in turn), a number, or a class
// name of the training data (case-insensitive; "sneaker", "t-shirt/top" or its part "t-shirt").
// Throws Error when the model is not class-conditional or the class does not exist.
int64_t resolve_class(const std::string& class_name, const models::Model& model, const data::DataInfo& data);

// Samples from the model and writes every output file, marked and signed by labeler; returns the
// exit code. The runtime (threads) must be initialised.
int run_sample(const SampleOptions& o, uint64_t seed, const provenance::Labeler& labeler);

struct InterpolateOptions {
  std::string model;            // run directory or .ckpt of a latent family (gan-mlp, dcgan, vae)
  std::string output;           // walk: .gif; traversal: .png
  int64_t frames = 48;          // walk: frames of the animation
  int64_t points = 4;           // walk: random latent points visited in a closed loop
  int delay_ms = 80;            // walk: time each frame is shown
  bool traverse = false;        // write a latent-traversal grid instead of a walk
  int64_t dims = 0;             // traversal: rows (latent dimensions 0..dims-1); 0 = all, at most 64
  int64_t steps = 9;            // traversal: columns, values evenly from -range to +range
  double range = 3;             // traversal: how far each dimension moves from 0 (prior s.d. units)
  int scale = 3;                // enlarge frames / the grid N times (nearest neighbour)
  int threads = 0;
  std::string device = "auto";
  bool no_watermark = false;    // sign the output but leave it unwatermarked
  std::string class_name;       // conditional models: a class name or index; "" = every class in turn
};

// Writes the walk (GIF: every frame watermarked, the file signed) or the traversal grid (PNG);
// returns the exit code.
int run_interpolate(const InterpolateOptions& o, uint64_t seed, const provenance::Labeler& labeler);

}  // namespace genlab::cli
