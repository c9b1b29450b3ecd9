// PNG encode/decode with libpng's classic API (the simplified png_image API cannot carry iTXt).
// libpng reports errors by longjmp, so every setjmp lives in a small function whose frame holds
// no C++ object with a destructor; buffers are owned by the callers' frames.
#include "genlab/image/png.h"

#include <png.h>

#include <csetjmp>
#include <cstring>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"

namespace genlab::image {
namespace {

// ---- reading ----------------------------------------------------------------------------------

struct ReadSource {
  const std::string* bytes;
  size_t pos;
  char message[256];
};

void on_error(png_structp png, png_const_charp message) {
  auto* buffer = static_cast<char*>(png_get_error_ptr(png));
  std::snprintf(buffer, 256, "%s", message);
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
  auto* source = static_cast<ReadSource*>(png_get_io_ptr(png));
  if (source->pos + length > source->bytes->size()) png_error(png, "unexpected end of file");
  std::memcpy(out, source->bytes->data() + source->pos, length);
  source->pos += length;
}

struct ReadStructs {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~ReadStructs() {
    if (png) png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
  }
};

// Decodes the whole file into s (rows and text stay owned by libpng). False on a libpng error,
// with the message in source->message.
bool decode(ReadSource* source, ReadStructs* s, int transforms) {
  s->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, source->message, on_error, on_warning);
  if (!s->png) return false;
  s->info = png_create_info_struct(s->png);
  if (!s->info) return false;
  if (setjmp(png_jmpbuf(s->png))) return false;
  png_set_read_fn(s->png, source, read_from_memory);
  png_read_png(s->png, s->info, transforms, nullptr);
  return true;
}

void read_checked(const std::string& path, const std::string& bytes, ReadStructs& s,
                  int transforms) {
  if (bytes.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) != 0)
    fail("{}: not a PNG file", path);
  ReadSource source{&bytes, 0, {}};
  if (!decode(&source, &s, transforms)) {
    if (!s.png || !s.info) fail("{}: cannot read PNG: out of memory", path);
    fail("{}: corrupt PNG: {}", path, source.message);
  }
}

// ---- writing ----------------------------------------------------------------------------------

struct WriteTarget {
  std::string* bytes;
  char message[256];
};

void write_to_memory(png_structp png, png_bytep data, png_size_t length) {
  auto* target = static_cast<WriteTarget*>(png_get_io_ptr(png));
  target->bytes->append(reinterpret_cast<const char*>(data), length);
}

void flush_nothing(png_structp) {}

struct WriteStructs {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~WriteStructs() {
    if (png) png_destroy_write_struct(&png, info ? &info : nullptr);
  }
};

bool encode(WriteTarget* target, WriteStructs* s, const Image* image, png_bytepp rows,
            png_textp text, int text_count) {
  s->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, target->message, on_error, on_warning);
  if (!s->png) return false;
  s->info = png_create_info_struct(s->png);
  if (!s->info) return false;
  if (setjmp(png_jmpbuf(s->png))) return false;
  png_set_write_fn(s->png, target, write_to_memory, flush_nothing);
  png_set_IHDR(s->png, s->info, image->width, image->height, /*bit_depth=*/8,
               image->channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (text_count > 0) png_set_text(s->png, s->info, text, text_count);
  png_write_info(s->png, s->info);
  png_write_image(s->png, rows);
  png_write_end(s->png, s->info);
  return true;
}

}  // namespace

Image read_png(const std::string& path) { return decode_png(core::read_file(path), path); }

Image decode_png(const std::string& bytes, const std::string& path) {
  ReadStructs s;
  // EXPAND: palette -> RGB, grey 1/2/4-bit -> 8-bit, tRNS -> alpha; STRIP_16: 16 -> 8 bits.
  read_checked(path, bytes, s, PNG_TRANSFORM_EXPAND | PNG_TRANSFORM_STRIP_16);

  const int width = static_cast<int>(png_get_image_width(s.png, s.info));
  const int height = static_cast<int>(png_get_image_height(s.png, s.info));
  const int in_channels = png_get_channels(s.png, s.info);
  GENLAB_CHECK(in_channels >= 1 && in_channels <= 4, "{}: {} channels after expansion", path,
               in_channels);
  png_bytepp rows = png_get_rows(s.png, s.info);

  Image image;
  image.width = width;
  image.height = height;
  image.channels = in_channels <= 2 ? 1 : 3;  // grey+alpha -> grey, RGBA -> RGB: alpha dropped
  image.pixels.resize(static_cast<size_t>(width) * height * image.channels);
  uint8_t* out = image.pixels.data();
  for (int y = 0; y < height; ++y) {
    const png_bytep row = rows[y];
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < image.channels; ++c) *out++ = row[x * in_channels + c];
  }
  return image;
}

TextChunks read_png_text(const std::string& path) {
  const std::string bytes = core::read_file(path);
  ReadStructs s;
  read_checked(path, bytes, s, PNG_TRANSFORM_IDENTITY);
  png_textp text = nullptr;
  const int count = png_get_text(s.png, s.info, &text, nullptr);
  TextChunks chunks;
  for (int i = 0; i < count; ++i) {
    // iTXt stores its length in itxt_length, tEXt/zTXt in text_length.
    const size_t length = text[i].compression >= PNG_ITXT_COMPRESSION_NONE ? text[i].itxt_length
                                                                           : text[i].text_length;
    chunks.emplace_back(text[i].key, std::string(text[i].text ? text[i].text : "", length));
  }
  return chunks;
}

std::string encode_png(const Image& image, const TextChunks& text) {
  GENLAB_CHECK(image.channels == 1 || image.channels == 3,
               "encode_png: {} channels; expected 1 or 3", image.channels);
  GENLAB_CHECK(image.width > 0 && image.height > 0, "encode_png: empty image {}x{}", image.width,
               image.height);
  GENLAB_CHECK(
      image.pixels.size() == static_cast<size_t>(image.width) * image.height * image.channels,
      "encode_png: {} bytes for a {}x{}x{} image", image.pixels.size(), image.width, image.height,
      image.channels);

  std::vector<png_text> chunks(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const std::string& key = text[i].first;
    if (key.empty() || key.size() > 79) fail("PNG text key '{}': must be 1 to 79 characters", key);
    chunks[i] = png_text{};
    chunks[i].compression = PNG_ITXT_COMPRESSION_NONE;
    chunks[i].key = const_cast<char*>(key.c_str());
    chunks[i].text = const_cast<char*>(text[i].second.c_str());
    chunks[i].itxt_length = text[i].second.size();
  }
  std::vector<png_bytep> rows(image.height);
  const size_t stride = static_cast<size_t>(image.width) * image.channels;
  for (int y = 0; y < image.height; ++y)
    rows[y] = const_cast<png_bytep>(image.pixels.data() + y * stride);

  std::string bytes;
  WriteTarget target{&bytes, {}};
  WriteStructs s;
  if (!encode(&target, &s, &image, rows.data(), chunks.data(), static_cast<int>(chunks.size())))
    fail("encode_png: {}", s.png ? target.message : "out of memory");
  return bytes;
}

void write_png(const std::string& path, const Image& image, const TextChunks& text) {
  const std::string bytes = encode_png(image, text);
  core::AtomicFile file(path);
  file.write(bytes);
  file.commit();
}

}  // namespace genlab::image
