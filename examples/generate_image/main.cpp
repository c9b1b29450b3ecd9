// Embedding genlab: load a trained image model and write one generated image as a PGM/PPM file,
// the way a game or tool would use libgenlab. Only the public header is needed; no LibTorch.
//   generate_image MODEL OUT [SEED]      MODEL = run directory or .ckpt
#include <genlab/genlab.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: generate_image MODEL OUT [SEED]\n";
    return 1;
  }
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 7;
  try {
    genlab::LoadOptions options;
    options.device = "auto";  // CUDA when present
    genlab::Model model = genlab::Model::load(argv[1], options);
    std::cout << "loaded " << model.family() << " (step " << model.step() << ", " << model.parameter_count()
              << " parameters), genlab " << genlab::version() << "\n";

    const genlab::Image image = model.generate_images(1, seed).front();
    std::ofstream out(argv[2], std::ios::binary);
    out << (image.channels == 1 ? "P5" : "P6") << "\n" << image.width << " " << image.height << "\n255\n";
    out.write(reinterpret_cast<const char*>(image.pixels.data()), static_cast<std::streamsize>(image.pixels.size()));
    std::cout << "wrote " << image.width << "x" << image.height << " image to " << argv[2] << "\n";
    return out ? 0 : 1;
  } catch (const genlab::Error& e) {
    std::cerr << "generate_image: " << e.what() << "\n";
    return 1;
  }
}
