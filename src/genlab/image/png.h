// PNG read and write through libpng. Torch-free.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "genlab/image/image.h"

namespace genlab::image {

// Text chunks stored as iTXt (UTF-8 keyword/value), e.g. a provenance record.
using TextChunks = std::vector<std::pair<std::string, std::string>>;

// Reads an 8- or 16-bit grey, grey+alpha, RGB, RGBA or palette PNG; alpha is dropped, 16-bit is
// reduced to 8-bit, palettes are expanded. Result has 1 channel (grey) or 3 (colour).
// Throws Error "<path>: not a PNG file" / "<path>: corrupt PNG: <libpng message>".
Image read_png(const std::string& path);

// read_png on bytes already in memory; path only names the file in errors.
Image decode_png(const std::string& bytes, const std::string& path);

// Encodes to PNG bytes (grey or RGB, 8-bit), with optional iTXt chunks.
std::string encode_png(const Image& image, const TextChunks& text = {});

// encode_png + AtomicFile.
void write_png(const std::string& path, const Image& image, const TextChunks& text = {});

// Reads the iTXt/tEXt chunks of a PNG file.
TextChunks read_png_text(const std::string& path);

}  // namespace genlab::image
