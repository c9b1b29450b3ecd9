// GIF encode/decode with giflib 5.2's low-level API (EGif*/DGifSlurp) on memory buffers.
// RGB frames go through a fixed colour cube rather than a per-image quantiser: giflib 5.2 dropped
// GifQuantizeBuffer, and one fixed palette keeps colours stable from frame to frame.
#include "genlab/image/gif.h"

#include <gif_lib.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"

namespace genlab::image {
namespace {

constexpr int k_red_levels = 6;
constexpr int k_green_levels = 7;
constexpr int k_blue_levels = 6;

// Nearest of `levels` evenly spaced values in 0..255, and that value.
int level_index(uint8_t value, int levels) { return (value * (levels - 1) + 127) / 255; }
uint8_t level_value(int index, int levels) {
  return static_cast<uint8_t>((index * 255 + (levels - 1) / 2) / (levels - 1));
}

struct MapDeleter {
  void operator()(ColorMapObject* map) const { GifFreeMapObject(map); }
};
using ColorMap = std::unique_ptr<ColorMapObject, MapDeleter>;

ColorMap make_palette(int channels) {
  GifColorType colours[256] = {};
  if (channels == 1) {
    for (int i = 0; i < 256; ++i) colours[i] = {GifByteType(i), GifByteType(i), GifByteType(i)};
  } else {
    for (int r = 0; r < k_red_levels; ++r)
      for (int g = 0; g < k_green_levels; ++g)
        for (int b = 0; b < k_blue_levels; ++b)
          colours[(r * k_green_levels + g) * k_blue_levels + b] = {level_value(r, k_red_levels),
                                                                   level_value(g, k_green_levels),
                                                                   level_value(b, k_blue_levels)};
  }
  ColorMap map(GifMakeMapObject(256, colours));
  GENLAB_CHECK(map, "GifMakeMapObject: out of memory");
  return map;
}

// One frame's palette indices, row-major.
std::vector<GifPixelType> palette_indices(const Image& frame) {
  const size_t n = static_cast<size_t>(frame.width) * frame.height;
  std::vector<GifPixelType> out(n);
  for (size_t i = 0; i < n; ++i) {
    if (frame.channels == 1) {
      out[i] = frame.pixels[i];
      continue;
    }
    const uint8_t* p = &frame.pixels[3 * i];
    out[i] = static_cast<GifPixelType>(
        (level_index(p[0], k_red_levels) * k_green_levels + level_index(p[1], k_green_levels)) *
            k_blue_levels +
        level_index(p[2], k_blue_levels));
  }
  return out;
}

int append_output(GifFileType* gif, const GifByteType* data, int length) {
  static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), length);
  return length;
}

// An application extension: the 11-byte identifier, then the data in sub-blocks of <= 255 bytes.
bool put_application(GifFileType* gif, const std::string& identifier, const std::string& data) {
  if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) != GIF_OK) return false;
  if (EGifPutExtensionBlock(gif, 11, identifier.data()) != GIF_OK) return false;
  for (size_t at = 0; at < data.size(); at += 255) {
    const int n = static_cast<int>(std::min<size_t>(255, data.size() - at));
    if (EGifPutExtensionBlock(gif, n, data.data() + at) != GIF_OK) return false;
  }
  return EGifPutExtensionTrailer(gif) == GIF_OK;
}

bool put_frames(GifFileType* gif, const std::vector<Image>& frames, int delay_ms,
                const std::vector<GifApplicationBlock>& extra) {
  const int width = frames[0].width;
  const int height = frames[0].height;
  const ColorMap palette = make_palette(frames[0].channels);
  EGifSetGifVersion(gif, /*gif89=*/true);
  if (EGifPutScreenDesc(gif, width, height, /*ColorRes=*/8, /*BackGround=*/0, palette.get()) !=
      GIF_OK)
    return false;
  const char loop_forever[3] = {1, 0, 0};  // sub-block id 1, loop count 0 (little-endian)
  if (!put_application(gif, "NETSCAPE2.0", std::string(loop_forever, 3))) return false;

  GraphicsControlBlock control{};
  control.DisposalMode = DISPOSE_DO_NOT;
  control.DelayTime = std::max(1, (delay_ms + 5) / 10);
  control.TransparentColor = NO_TRANSPARENT_COLOR;
  GifByteType control_bytes[4];
  const size_t control_size = EGifGCBToExtension(&control, control_bytes);
  for (const Image& frame : frames) {
    if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(control_size),
                         control_bytes) != GIF_OK)
      return false;
    if (EGifPutImageDesc(gif, 0, 0, width, height, /*Interlace=*/false, nullptr) != GIF_OK)
      return false;
    std::vector<GifPixelType> indices = palette_indices(frame);
    for (int y = 0; y < height; ++y)
      if (EGifPutLine(gif, indices.data() + static_cast<size_t>(y) * width, width) != GIF_OK)
        return false;
  }
  for (const GifApplicationBlock& block : extra)
    if (!put_application(gif, block.identifier, block.data)) return false;
  return true;
}

struct ReadSource {
  const std::string* bytes;
  size_t pos;
};

int read_input(GifFileType* gif, GifByteType* out, int length) {
  auto* source = static_cast<ReadSource*>(gif->UserData);
  const size_t n = std::min<size_t>(length, source->bytes->size() - source->pos);
  std::memcpy(out, source->bytes->data() + source->pos, n);
  source->pos += n;
  return static_cast<int>(n);
}

struct DecoderDeleter {
  void operator()(GifFileType* gif) const {
    int error = 0;
    DGifCloseFile(gif, &error);
  }
};

// Collects the application blocks (and the loop flag) from one run of extension blocks.
void collect_applications(const ExtensionBlock* blocks, int count, GifAnimation& out) {
  for (int i = 0; i < count; ++i) {
    if (blocks[i].Function != APPLICATION_EXT_FUNC_CODE) continue;
    GifApplicationBlock block;
    block.identifier.assign(reinterpret_cast<const char*>(blocks[i].Bytes), blocks[i].ByteCount);
    for (int j = i + 1; j < count && blocks[j].Function == CONTINUE_EXT_FUNC_CODE; ++j)
      block.data.append(reinterpret_cast<const char*>(blocks[j].Bytes), blocks[j].ByteCount);
    if (block.identifier == "NETSCAPE2.0") {
      out.loops_forever =
          block.data.size() >= 3 && block.data[0] == 1 && block.data[1] == 0 && block.data[2] == 0;
    } else {
      out.applications.push_back(std::move(block));
    }
  }
}

}  // namespace

std::string encode_gif(const std::vector<Image>& frames, int delay_ms,
                       const std::vector<GifApplicationBlock>& extra) {
  GENLAB_CHECK(!frames.empty(), "encode_gif: no frames");
  const Image& first = frames[0];
  GENLAB_CHECK(first.channels == 1 || first.channels == 3, "encode_gif: {} channels",
               first.channels);
  GENLAB_CHECK(first.width > 0 && first.height > 0 && first.width <= 65535 && first.height <= 65535,
               "encode_gif: frame size {}x{}", first.width, first.height);
  for (size_t i = 0; i < frames.size(); ++i) {
    const Image& f = frames[i];
    GENLAB_CHECK(f.width == first.width && f.height == first.height &&
                     f.channels == first.channels &&
                     f.pixels.size() == static_cast<size_t>(f.width) * f.height * f.channels,
                 "encode_gif: frame {} is {}x{}x{} ({} bytes); frame 0 is {}x{}x{}", i, f.width,
                 f.height, f.channels, f.pixels.size(), first.width, first.height, first.channels);
  }
  for (const GifApplicationBlock& block : extra)
    GENLAB_CHECK(block.identifier.size() == 11,
                 "encode_gif: application identifier '{}' is not 11 bytes", block.identifier);

  std::string bytes;
  int error = 0;
  GifFileType* gif = EGifOpen(&bytes, append_output, &error);
  if (!gif) fail("encode_gif: {}", GifErrorString(error));
  const bool ok = put_frames(gif, frames, delay_ms, extra);
  const int frame_error = gif->Error;
  // EGifCloseFile writes the trailer and frees gif whatever happens.
  const bool closed = EGifCloseFile(gif, &error) == GIF_OK;
  if (!ok) fail("encode_gif: {}", GifErrorString(frame_error));
  if (!closed) fail("encode_gif: {}", GifErrorString(error));
  return bytes;
}

void write_gif(const std::string& path, const std::vector<Image>& frames, int delay_ms,
               const std::vector<GifApplicationBlock>& extra) {
  core::write_file_atomic(path, encode_gif(frames, delay_ms, extra));
}

GifAnimation read_gif(const std::string& path) { return decode_gif(core::read_file(path), path); }

GifAnimation decode_gif(const std::string& bytes, const std::string& path) {
  if (bytes.compare(0, 6, "GIF87a") != 0 && bytes.compare(0, 6, "GIF89a") != 0)
    fail("{}: not a GIF file", path);
  ReadSource source{&bytes, 0};
  int error = 0;
  std::unique_ptr<GifFileType, DecoderDeleter> gif(DGifOpen(&source, read_input, &error));
  if (!gif) fail("{}: corrupt GIF: {}", path, GifErrorString(error));
  if (DGifSlurp(gif.get()) != GIF_OK) fail("{}: corrupt GIF: {}", path, GifErrorString(gif->Error));

  GifAnimation out;
  out.width = gif->SWidth;
  out.height = gif->SHeight;
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& saved = gif->SavedImages[i];
    const GifImageDesc& desc = saved.ImageDesc;
    if (desc.Left != 0 || desc.Top != 0 || desc.Width != out.width || desc.Height != out.height)
      fail("{}: frame {} covers part of the canvas; only full-frame GIFs are read", path, i);
    const ColorMapObject* map = desc.ColorMap ? desc.ColorMap : gif->SColorMap;
    if (!map) fail("{}: corrupt GIF: frame {} has no colour map", path, i);
    bool grey = true;
    for (int c = 0; c < map->ColorCount; ++c) {
      const GifColorType& colour = map->Colors[c];
      grey = grey && colour.Red == colour.Green && colour.Green == colour.Blue;
    }
    Image frame;
    frame.width = out.width;
    frame.height = out.height;
    frame.channels = grey ? 1 : 3;
    const size_t n = static_cast<size_t>(out.width) * out.height;
    frame.pixels.reserve(n * frame.channels);
    for (size_t p = 0; p < n; ++p) {
      const int index = saved.RasterBits[p];
      if (index >= map->ColorCount)
        fail("{}: corrupt GIF: frame {} uses colour {} of {}", path, i, index, map->ColorCount);
      const GifColorType& colour = map->Colors[index];
      frame.pixels.push_back(colour.Red);
      if (!grey) {
        frame.pixels.push_back(colour.Green);
        frame.pixels.push_back(colour.Blue);
      }
    }
    out.frames.push_back(std::move(frame));
    GraphicsControlBlock control{};
    const bool timed = DGifSavedExtensionToGCB(gif.get(), i, &control) == GIF_OK;
    out.delays_ms.push_back(timed ? control.DelayTime * 10 : 0);
    collect_applications(saved.ExtensionBlocks, saved.ExtensionBlockCount, out);
  }
  collect_applications(gif->ExtensionBlocks, gif->ExtensionBlockCount, out);
  return out;
}

}  // namespace genlab::image
