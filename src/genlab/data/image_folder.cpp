// Image folders as data sets, under the data-folder rule: a bad file is skipped and listed, the
// load fails only when nothing is usable, and strict mode turns the first bad file into an error.
// Reads PNG only; no recursion into subfolders.
#include "genlab/data/image_folder.h"

#include <algorithm>
#include <cctype>

#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/image/grid.h"
#include "genlab/image/png.h"

namespace genlab::data {
namespace {

bool has_png_extension(const std::string& path) {
  if (path.size() < 4) return false;
  std::string ext = path.substr(path.size() - 4);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".png";
}

// read_png's messages start with "<path>: "; the skipped list stores path and reason apart.
std::string reason_of(const std::string& message, const std::string& path) {
  const std::string prefix = path + ": ";
  return message.compare(0, prefix.size(), prefix) == 0 ? message.substr(prefix.size()) : message;
}

}  // namespace

ImageFolder load_image_folder(const std::string& dir, bool strict) {
  if (!core::is_directory(dir)) fail("{}: not a directory", dir);
  ImageFolder folder;
  size_t png_files = 0;
  for (const std::string& path : core::list_files(dir)) {
    if (!has_png_extension(path)) continue;
    ++png_files;
    std::string reason;
    Image image;
    try {
      image = image::read_png(path);
    } catch (const Error& e) {
      reason = reason_of(e.what(), path);
    }
    if (reason.empty() && !folder.images.empty()) {
      const Image& first = folder.images.front();
      if (image.width != first.width || image.height != first.height)
        reason = fmt::format("size {}x{} differs from {}x{} of the first image ({})", image.width,
                             image.height, first.width, first.height,
                             core::file_name(folder.paths.front()));
      else if (image.channels != first.channels)
        image = image::convert_channels(image, first.channels);
    }
    if (!reason.empty()) {
      if (strict) fail("{}: {}", path, reason);
      folder.skipped.push_back({path, reason});
      continue;
    }
    folder.images.push_back(std::move(image));
    folder.paths.push_back(path);
  }

  if (folder.images.empty()) {
    if (png_files == 0) fail("{}: no readable PNG image (the folder has no *.png files)", dir);
    const SkippedFile& first = folder.skipped.front();
    fail("{}: no readable PNG image ({} files skipped: {}: {})", dir, folder.skipped.size(),
         core::file_name(first.path), first.reason);
  }
  return folder;
}

}  // namespace genlab::data
