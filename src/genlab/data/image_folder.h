// A folder of PNG images as a data set. Torch-free. The data-folder rule shared by every modality:
// unreadable files are skipped and listed, the load fails only when none is usable, and strict mode
// makes any bad file fatal.
#pragma once

#include <string>
#include <vector>

#include "genlab/image/image.h"

namespace genlab::data {

struct SkippedFile {
  std::string path;
  std::string reason;
};

struct ImageFolder {
  std::vector<Image> images;          // all the same size and channel count
  std::vector<std::string> paths;     // source of each image
  std::vector<SkippedFile> skipped;   // unreadable or mismatched files, with why
};

// Loads every *.png (case-insensitive) directly in `dir`, sorted by name. Every image is converted to
// the channel count of the first readable one; an image whose size differs from the first is
// skipped. Throws Error "<dir>: no readable PNG image (N files skipped: first reason)" when none is
// usable, "<dir>: not a directory", and, when strict, "<file>: <reason>" for the first bad file.
ImageFolder load_image_folder(const std::string& dir, bool strict);

}  // namespace genlab::data
