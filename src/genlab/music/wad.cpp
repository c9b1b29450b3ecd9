// WAD directory reading: a 12-byte header ("IWAD"/"PWAD", lump count, directory offset, little
// endian) and 16-byte directory entries (offset, size, name padded with NULs to 8 bytes).
#include "genlab/music/wad.h"

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"

namespace genlab::music {
namespace {

uint32_t little_endian32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(bytes[at + i]);
  return value;
}

}  // namespace

std::vector<WadLump> read_wad(const std::string& path) {
  const std::string bytes = core::read_file(path);
  const std::string magic = bytes.substr(0, 4);
  if (bytes.size() < 12 || (magic != "IWAD" && magic != "PWAD"))
    fail("{}: not a WAD file (header is not IWAD or PWAD) at byte 0", path);
  const uint64_t count = little_endian32(bytes, 4);
  const uint64_t directory = little_endian32(bytes, 8);
  if (directory + 16 * count > bytes.size()) fail("{}: truncated lump directory at byte {}", path, directory);
  std::vector<WadLump> lumps;
  for (uint64_t i = 0; i < count; ++i) {
    const size_t entry = directory + 16 * i;
    const uint64_t offset = little_endian32(bytes, entry);
    const uint64_t size = little_endian32(bytes, entry + 4);
    std::string name = bytes.substr(entry + 8, 8);
    name = name.substr(0, name.find('\0'));
    if (offset + size > bytes.size())
      fail("{}: lump {} extends past the end of the file at byte {}", path, name, entry);
    lumps.push_back({name, static_cast<uint32_t>(offset), bytes.substr(offset, size)});
  }
  return lumps;
}

WadMusic read_wad_music(const std::string& path) {
  WadMusic music;
  for (WadLump& lump : read_wad(path)) {
    if (lump.name.rfind("D_", 0) != 0) continue;
    if (lump.data.rfind("MThd", 0) == 0)
      music.midi.push_back(std::move(lump));
    else if (lump.data.rfind("MUS\x1a", 0) == 0)
      ++music.skipped_mus;
    else
      ++music.skipped_other;
  }
  return music;
}

}  // namespace genlab::music
