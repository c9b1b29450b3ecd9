// genlab's public C++ API: load a trained model and generate from it inside a native program
// (a game, an audio tool, a service). This header needs nothing but the C++ standard library;
// LibTorch stays inside libgenlab.
//
//   genlab::Model model = genlab::Model::load("runs/gan-mlp-1");   // run dir or .ckpt
//   std::vector<genlab::Image> images = model.generate_images(16, /*seed=*/7);
//
// Errors are thrown as genlab::Error (bad input: a missing or corrupt checkpoint, an unknown
// device) or genlab::InternalError (a bug), both std::runtime_error with a one-line message.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "genlab/core/error.h"
#include "genlab/image/image.h"

namespace genlab {

// ====== Library ======

// The library's version, e.g. "0.1.0".
std::string version();

// ====== Loading ======

struct LoadOptions {
  std::string device = "auto";  // "auto" (CUDA when present), "cpu", "cuda", "cuda:N"
  int threads = 0;              // CPU threads for generation; 0 = all cores
};

// A trained model, ready to generate. Movable, not copyable; thread-compatible (use one Model per
// thread, or guard it).
class Model {
 public:
  // Opens a run directory (its latest checkpoint) or a .ckpt file written by `genlab train`.
  static Model load(const std::string& path, const LoadOptions& options = {});

  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  ~Model();

  // ====== What it is ======
  std::string family() const;      // registry name, e.g. "gan-mlp"
  std::string modality() const;    // "image", "text" or "music"
  int64_t step() const;            // training steps behind this checkpoint
  int64_t parameter_count() const;

  // ====== Generating ======

  // n images from noise seeded by `seed`: the same seed, model and thread count give the same
  // pixels. Throws Error for a model that does not make images.
  std::vector<Image> generate_images(int n, uint64_t seed);

 private:
  struct Impl;
  explicit Model(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace genlab
