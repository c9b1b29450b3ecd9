// Per-format record placement. Each walker finds three things in a file: where a new record goes,
// the record already there (its whole chunk/block/event, and the record text inside it), and the
// length field that covers it (WAV's RIFF size, MIDI's track length), so embed and strip are the
// same splice in opposite directions.
#include "genlab/provenance/container.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>

#include "genlab/core/check.h"

namespace genlab::provenance {
namespace {

constexpr std::string_view k_png_signature = "\x89PNG\r\n\x1a\n";
constexpr std::string_view k_png_keyword = "genlab-provenance";
constexpr std::string_view k_gif_application = "GENLABPV";  // + auth code "1.0"
constexpr std::string_view k_wav_chunk = "gnlb";
constexpr std::string_view k_midi_tag = "\x7dgenlab";  // manufacturer id 0x7D (non-commercial)

struct Found {
  size_t begin = 0;  // the record's whole chunk / block / event
  size_t end = 0;
  std::string text;  // the record inside it
};

struct Layout {
  size_t insert_at = 0;                // where embed_record puts a new record
  std::optional<Found> found;          // the first record present
  std::optional<size_t> length_field;  // offset of a u32 length covering the record
  bool length_big_endian = false;
};

const char* format_title(Container c) {
  switch (c) {
    case Container::png:
      return "PNG";
    case Container::gif:
      return "GIF";
    case Container::wav:
      return "WAV";
    case Container::midi:
      return "MIDI";
    case Container::sidecar:
      break;
  }
  return "other";
}

uint32_t read_u32(std::string_view b, size_t at, bool big_endian) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const uint32_t byte = static_cast<uint8_t>(b[at + (big_endian ? i : 3 - i)]);
    v = (v << 8) | byte;
  }
  return v;
}

void write_u32(std::string& b, size_t at, uint32_t v, bool big_endian) {
  for (int i = 0; i < 4; ++i)
    b[at + (big_endian ? 3 - i : i)] = static_cast<char>((v >> (8 * i)) & 0xff);
}

std::string u32_bytes(uint32_t v, bool big_endian) {
  std::string out(4, '\0');
  write_u32(out, 0, v, big_endian);
  return out;
}

// ---- PNG: chunks of length (BE) + type + data + CRC ---------------------------------------

// The text of an iTXt chunk's data: keyword\0 flag method language\0 translated-keyword\0 text.
std::string itxt_text(std::string_view data) {
  size_t p = k_png_keyword.size() + 1 + 2;
  for (int field = 0; field < 2; ++field) {
    const size_t nul = p <= data.size() ? data.find('\0', p) : std::string_view::npos;
    if (nul == std::string_view::npos) return "";
    p = nul + 1;
  }
  return std::string(data.substr(p));
}

Layout walk_png(std::string_view b, const std::string& path) {
  Layout layout;
  for (size_t pos = k_png_signature.size();;) {
    if (pos + 12 > b.size())
      fail("{}: corrupt PNG: no IEND chunk (file ends at byte {})", path, b.size());
    const size_t end = pos + 12 + read_u32(b, pos, /*big_endian=*/true);
    const std::string_view type = b.substr(pos + 4, 4);
    if (end > b.size())
      fail("{}: corrupt PNG: chunk '{}' at byte {} runs past the end of the file", path, type, pos);
    const std::string_view data = b.substr(pos + 8, end - pos - 12);
    if (type == "iTXt" && !layout.found &&
        data.substr(0, k_png_keyword.size() + 1) == std::string(k_png_keyword) + '\0')
      layout.found = Found{pos, end, itxt_text(data)};
    if (type == "IEND") {
      layout.insert_at = pos;
      return layout;
    }
    pos = end;
  }
}

std::string png_chunk(std::string_view record) {
  std::string body = "iTXt";
  body += k_png_keyword;
  // Keyword terminator, compression flag 0, method 0, empty language tag, empty translation.
  body += std::string(5, '\0');
  body += record;
  const uLong crc = crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(body.data()),
                          static_cast<uInt>(body.size()));
  return u32_bytes(static_cast<uint32_t>(body.size() - 4), true) + body +
         u32_bytes(static_cast<uint32_t>(crc), true);
}

// ---- GIF: header, screen descriptor, colour table, then blocks up to the trailer 0x3B -------

// Skips a run of data sub-blocks starting at p; appends their data to out when given.
size_t skip_sub_blocks(std::string_view b, size_t p, std::string* out, const std::string& path) {
  for (;;) {
    if (p >= b.size())
      fail("{}: corrupt GIF: data sub-blocks run past the end of the file at byte {}", path, p);
    const size_t n = static_cast<uint8_t>(b[p]);
    if (n == 0) return p + 1;
    if (p + 1 + n > b.size())
      fail("{}: corrupt GIF: sub-block at byte {} runs past the end of the file", path, p);
    if (out) out->append(b.substr(p + 1, n));
    p += 1 + n;
  }
}

size_t colour_table_size(uint8_t packed) { return (packed & 0x80) ? 3u << ((packed & 7) + 1) : 0; }

Layout walk_gif(std::string_view b, const std::string& path) {
  if (b.size() < 13) fail("{}: corrupt GIF: header cut short", path);
  Layout layout;
  size_t pos = 13 + colour_table_size(static_cast<uint8_t>(b[10]));
  for (;;) {
    if (pos >= b.size()) fail("{}: corrupt GIF: no trailer (file ends at byte {})", path, b.size());
    const uint8_t kind = static_cast<uint8_t>(b[pos]);
    if (kind == 0x3B) {
      layout.insert_at = pos;
      return layout;
    }
    if (kind == 0x21) {  // extension: label, then sub-blocks
      const size_t p = pos + 2;
      const bool ours = pos + 1 < b.size() && static_cast<uint8_t>(b[pos + 1]) == 0xFF &&
                        p + 12 <= b.size() && b[p] == 11 &&
                        b.substr(p + 1, 8) == k_gif_application && !layout.found;
      std::string text;
      const size_t end =
          ours ? skip_sub_blocks(b, p + 12, &text, path) : skip_sub_blocks(b, p, nullptr, path);
      if (ours) layout.found = Found{pos, end, text};
      pos = end;
    } else if (kind == 0x2C) {  // image: descriptor, local colour table, LZW code size, sub-blocks
      if (pos + 11 > b.size())
        fail("{}: corrupt GIF: image descriptor at byte {} cut short", path, pos);
      pos = skip_sub_blocks(b, pos + 11 + colour_table_size(static_cast<uint8_t>(b[pos + 9])),
                            nullptr, path);
    } else {
      fail("{}: corrupt GIF: unexpected byte 0x{:02x} at byte {}", path, kind, pos);
    }
  }
}

std::string gif_block(std::string_view record) {
  std::string out = "\x21\xff\x0b";
  out += k_gif_application;
  out += "1.0";
  for (size_t at = 0; at < record.size(); at += 255) {
    const size_t n = std::min<size_t>(255, record.size() - at);
    out += static_cast<char>(n);
    out += record.substr(at, n);
  }
  out += '\0';
  return out;
}

// ---- WAV: "RIFF" size "WAVE", then chunks of id + size (LE) + data + pad to even -----------

Layout walk_wav(std::string_view b, const std::string& path) {
  Layout layout;
  layout.length_field = 4;
  size_t pos = 12;
  while (pos < b.size()) {
    if (pos + 8 > b.size()) fail("{}: corrupt WAV: chunk header at byte {} cut short", path, pos);
    const uint32_t n = read_u32(b, pos + 4, /*big_endian=*/false);
    const size_t end = pos + 8 + n + (n & 1);
    if (end > b.size())
      fail("{}: corrupt WAV: chunk '{}' at byte {} runs past the end of the file", path,
           b.substr(pos, 4), pos);
    if (b.substr(pos, 4) == k_wav_chunk && !layout.found)
      layout.found = Found{pos, end, std::string(b.substr(pos + 8, n))};
    pos = end;
  }
  layout.insert_at = b.size();
  return layout;
}

std::string wav_chunk(std::string_view record) {
  std::string out(k_wav_chunk);
  out += u32_bytes(static_cast<uint32_t>(record.size()), /*big_endian=*/false);
  out += record;
  if (record.size() % 2) out += '\0';
  return out;
}

// ---- MIDI: "MThd" header chunk, then "MTrk" chunks of events ----------------------------------

std::string vlq(uint32_t v) {
  std::string out(1, static_cast<char>(v & 0x7f));
  while (v >>= 7) out.insert(out.begin(), static_cast<char>(0x80 | (v & 0x7f)));
  return out;
}

Layout walk_midi(std::string_view b, const std::string& path) {
  if (b.size() < 14) fail("{}: corrupt MIDI: header cut short", path);
  size_t pos = 8 + read_u32(b, 4, /*big_endian=*/true);
  for (;;) {
    if (pos + 8 > b.size()) fail("{}: corrupt MIDI: no MTrk chunk", path);
    const size_t end = pos + 8 + read_u32(b, pos + 4, /*big_endian=*/true);
    if (end > b.size())
      fail("{}: corrupt MIDI: chunk '{}' at byte {} runs past the end of the file", path,
           b.substr(pos, 4), pos);
    if (b.substr(pos, 4) == "MTrk") {
      Layout layout;
      layout.insert_at = pos + 8;
      layout.length_field = pos + 4;
      layout.length_big_endian = true;
      // Ours: delta 0, FF 7F, a variable-length length, then 0x7D "genlab" and the record.
      size_t p = pos + 8;
      if (b.substr(p, 3) != std::string_view("\x00\xff\x7f", 3)) return layout;
      p += 3;
      uint32_t length = 0;
      for (int i = 0; i < 4 && p < end; ++i) {
        const uint8_t byte = static_cast<uint8_t>(b[p++]);
        length = (length << 7) | (byte & 0x7f);
        if (!(byte & 0x80)) break;
      }
      if (p + length <= end && b.substr(p, k_midi_tag.size()) == k_midi_tag &&
          length >= k_midi_tag.size())
        layout.found =
            Found{pos + 8, p + length,
                  std::string(b.substr(p + k_midi_tag.size(), length - k_midi_tag.size()))};
      return layout;
    }
    pos = end;
  }
}

std::string midi_event(std::string_view record) {
  const size_t length = k_midi_tag.size() + record.size();
  GENLAB_CHECK(length < (1u << 28), "MIDI meta event of {} bytes", length);
  return std::string("\x00\xff\x7f", 3) + vlq(static_cast<uint32_t>(length)) +
         std::string(k_midi_tag) + std::string(record);
}

// ---- dispatch ----------------------------------------------------------------------------------

Layout walk(std::string_view b, Container c, const std::string& path) {
  switch (c) {
    case Container::png:
      return walk_png(b, path);
    case Container::gif:
      return walk_gif(b, path);
    case Container::wav:
      return walk_wav(b, path);
    case Container::midi:
      return walk_midi(b, path);
    case Container::sidecar:
      break;
  }
  return Layout{};
}

// Adds delta to the u32 length field, refusing to wrap past 4 GiB.
void adjust_length(std::string& b, const Layout& layout, int64_t delta, const std::string& path) {
  if (!layout.length_field) return;
  const int64_t value =
      int64_t{read_u32(b, *layout.length_field, layout.length_big_endian)} + delta;
  if (value < 0 || value > int64_t{0xffffffff})
    fail("{}: length field at byte {} would become {}", path, *layout.length_field, value);
  write_u32(b, *layout.length_field, static_cast<uint32_t>(value), layout.length_big_endian);
}

std::string starts_with_text(std::string_view b) {
  std::string out;
  for (const char c : b.substr(0, 4)) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isprint(u) ? std::string(1, c) : fmt::format("\\x{:02x}", u);
  }
  return out;
}

std::string lower_extension(const std::string& path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext;
}

}  // namespace

const char* container_name(Container c) {
  switch (c) {
    case Container::png:
      return "png";
    case Container::gif:
      return "gif";
    case Container::wav:
      return "wav";
    case Container::midi:
      return "midi";
    case Container::sidecar:
      break;
  }
  return "sidecar";
}

Container detect_container(const std::string& path, std::string_view b) {
  Container found = Container::sidecar;
  if (b.substr(0, k_png_signature.size()) == k_png_signature)
    found = Container::png;
  else if (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")
    found = Container::gif;
  else if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WAVE")
    found = Container::wav;
  else if (b.substr(0, 4) == "MThd")
    found = Container::midi;

  const std::string ext = lower_extension(path);
  const Container named = ext == "png"                    ? Container::png
                          : ext == "gif"                  ? Container::gif
                          : ext == "wav"                  ? Container::wav
                          : ext == "mid" || ext == "midi" ? Container::midi
                                                          : Container::sidecar;
  if (named != Container::sidecar && named != found) {
    if (b.empty()) fail("{}: not a {} file (it is empty)", path, format_title(named));
    fail("{}: not a {} file (starts with '{}')", path, format_title(named), starts_with_text(b));
  }
  return found;
}

std::optional<std::string> extract_record(std::string_view b, Container c,
                                          const std::string& path) {
  const Layout layout = walk(b, c, path);
  if (!layout.found) return std::nullopt;
  return layout.found->text;
}

std::string embed_record(std::string_view b, Container c, std::string_view record,
                         const std::string& path) {
  GENLAB_CHECK(c != Container::sidecar, "embed_record: sidecar records are separate files");
  const Layout layout = walk(b, c, path);
  GENLAB_CHECK(!layout.found, "{}: embed_record on a file that already carries a record", path);
  if (c == Container::wav && read_u32(b, 4, false) != b.size() - 8)
    fail("{}: corrupt WAV: RIFF size {} does not match the file size {}", path,
         read_u32(b, 4, false), b.size());
  const std::string block = c == Container::png   ? png_chunk(record)
                            : c == Container::gif ? gif_block(record)
                            : c == Container::wav ? wav_chunk(record)
                                                  : midi_event(record);
  std::string out(b);
  out.insert(layout.insert_at, block);
  adjust_length(out, layout, static_cast<int64_t>(block.size()), path);
  return out;
}

std::string strip_record(std::string_view b, Container c, const std::string& path) {
  const Layout layout = walk(b, c, path);
  std::string out(b);
  if (!layout.found) return out;
  out.erase(layout.found->begin, layout.found->end - layout.found->begin);
  adjust_length(out, layout, -static_cast<int64_t>(layout.found->end - layout.found->begin), path);
  return out;
}

std::string sidecar_path(const std::string& path) { return path + ".prov.json"; }

}  // namespace genlab::provenance
