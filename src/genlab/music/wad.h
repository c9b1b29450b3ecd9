// Doom WAD files: the lump directory and the music lumps (D_*) in it, as in Freedoom. Lumps in MIDI
// form ("MThd") are returned; lumps in Doom's own MUS form ("MUS\x1a") are counted and skipped,
// since Freedoom ships none (see docs/music.md). Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace genlab::music {

struct WadLump {
  std::string name;     // up to 8 characters, e.g. "D_E1M1"
  uint32_t offset = 0;  // byte offset of the data in the file
  std::string data;
};

// Every lump in directory order. Throws Error "<path>: not a WAD file (header is not IWAD or PWAD)
// at byte 0", "<path>: truncated lump directory at byte N", "<path>: lump NAME extends past the end
// of the file at byte N" (N = the directory entry).
std::vector<WadLump> read_wad(const std::string& path);

struct WadMusic {
  std::vector<WadLump> midi;  // D_* lumps that start with "MThd", in directory order
  int64_t skipped_mus = 0;    // D_* lumps in MUS form, not converted
  int64_t skipped_other = 0;  // D_* lumps in neither form
};

// The D_* lumps of a WAD, sorted into MIDI and skipped.
WadMusic read_wad_music(const std::string& path);

}  // namespace genlab::music
