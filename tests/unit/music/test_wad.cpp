// Tests for music/wad: a tiny hand-built WAD (MIDI, MUS and other D_* lumps, a non-music lump),
// and the errors for a wrong header, a truncated directory and a lump past the end.
#include <gtest/gtest.h>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/music/wad.h"
#include "support/temp_dir.h"

namespace genlab::music {
namespace {

std::string le32(uint32_t v) {
  std::string out;
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

// Header, lump data back to back, then the directory.
std::string build_wad(const std::vector<std::pair<std::string, std::string>>& lumps) {
  std::string data, directory;
  for (const auto& [name, bytes] : lumps) {
    std::string padded = name;
    padded.resize(8, '\0');
    directory += le32(12 + data.size()) + le32(bytes.size()) + padded;
    data += bytes;
  }
  return "PWAD" + le32(lumps.size()) + le32(12 + data.size()) + data + directory;
}

std::string error_of(const std::string& path) {
  try {
    read_wad(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Wad, ReadsDirectoryAndSortsMusicLumps) {
  testing::TempDir tmp;
  const std::string path = tmp.file("tiny.wad");
  core::write_file_atomic(path, build_wad({{"MAP01", "xyz"},
                                           {"D_RUNNIN", "MThd-song"},
                                           {"D_E1M1", std::string("MUS\x1a", 4) + "mus"},
                                           {"D_JUNK", "????"},
                                           {"D_LONGNM", "MThd"}}));
  const std::vector<WadLump> lumps = read_wad(path);
  ASSERT_EQ(lumps.size(), 5u);
  EXPECT_EQ(lumps[0].name, "MAP01");
  EXPECT_EQ(lumps[0].offset, 12u);
  EXPECT_EQ(lumps[0].data, "xyz");
  EXPECT_EQ(lumps[1].offset, 15u);
  EXPECT_EQ(lumps[4].name, "D_LONGNM");  // 8 characters, no terminating NUL
  const WadMusic music = read_wad_music(path);
  ASSERT_EQ(music.midi.size(), 2u);
  EXPECT_EQ(music.midi[0].name, "D_RUNNIN");
  EXPECT_EQ(music.midi[0].data, "MThd-song");
  EXPECT_EQ(music.midi[1].name, "D_LONGNM");
  EXPECT_EQ(music.skipped_mus, 1);
  EXPECT_EQ(music.skipped_other, 1);
}

TEST(Wad, ErrorsNameFileAndByteOffset) {
  testing::TempDir tmp;
  const std::string good = build_wad({{"D_A", "MThd"}, {"D_B", "MThd"}});  // directory at 20
  std::string past_end = good;
  past_end.replace(20 + 16 + 4, 4, le32(1000));  // second entry's size
  const struct {
    std::string bytes;
    std::string message;
  } cases[] = {
      {"JUNK" + good.substr(4), "not a WAD file (header is not IWAD or PWAD) at byte 0"},
      {"PWAD", "not a WAD file (header is not IWAD or PWAD) at byte 0"},
      {good.substr(0, good.size() - 1), "truncated lump directory at byte 20"},
      {past_end, "lump D_B extends past the end of the file at byte 36"},
  };
  for (const auto& c : cases) {
    const std::string path = tmp.file("bad.wad");
    core::write_file_atomic(path, c.bytes);
    EXPECT_EQ(error_of(path), path + ": " + c.message);
  }
}

}  // namespace
}  // namespace genlab::music
