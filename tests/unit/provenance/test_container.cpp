// Tests for provenance/container: per-format embedding is exactly reversible, leaves each format
// readable, updates the length fields; detection by magic bytes with extension mismatch errors.
#include <gtest/gtest.h>

#include <functional>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/image/gif.h"
#include "genlab/image/png.h"
#include "genlab/provenance/container.h"
#include "support/error_of.h"
#include "support/temp_dir.h"
#include "unit/provenance/tiny_files.h"

namespace genlab::provenance {
namespace {

using namespace provenance::testing;

using genlab::testing::error_of;

struct Case {
  std::string name;  // file name (extension matters)
  std::string bytes;
  Container container;
};

std::vector<Case> cases() {
  return {{"a.png", tiny_png(10), Container::png},
          {"a.gif", tiny_gif(10), Container::gif},
          {"even.wav", tiny_wav("\x01\x02\x03\x04"), Container::wav},
          {"odd.wav", tiny_wav("\x01\x02\x03"), Container::wav},
          {"a.mid", tiny_midi(64), Container::midi}};
}

// Records of odd and even length, and one long enough for several GIF sub-blocks.
std::vector<std::string> records() {
  return {R"({"a":1})", R"({"ab":1})", "{\"k\":\"" + std::string(700, 'x') + "\"}"};
}

TEST(Container, StripOfEmbedIsByteExact) {
  for (const Case& c : cases()) {
    for (const std::string& record : records()) {
      ASSERT_EQ(detect_container(c.name, c.bytes), c.container) << c.name;
      EXPECT_FALSE(extract_record(c.bytes, c.container, c.name)) << c.name;
      const std::string embedded = embed_record(c.bytes, c.container, record, c.name);
      EXPECT_GT(embedded.size(), c.bytes.size() + record.size()) << c.name;
      EXPECT_EQ(extract_record(embedded, c.container, c.name), record) << c.name;
      EXPECT_EQ(strip_record(embedded, c.container, c.name), c.bytes) << c.name;
      EXPECT_EQ(strip_record(c.bytes, c.container, c.name), c.bytes) << c.name;
    }
  }
}

TEST(Container, EmbeddedFilesStayReadable) {
  genlab::testing::TempDir tmp;
  const std::string record = R"({"seed":42})";

  const std::string png = tmp.file("a.png");
  core::write_file_atomic(png, embed_record(tiny_png(10), Container::png, record, png));
  EXPECT_EQ(image::read_png(png).pixels, tiny_image(10).pixels);
  EXPECT_EQ(image::read_png_text(png), (image::TextChunks{{"genlab-provenance", record}}));

  const std::string gif = tmp.file("a.gif");
  core::write_file_atomic(gif, embed_record(tiny_gif(10), Container::gif, record, gif));
  const image::GifAnimation animation = image::read_gif(gif);
  EXPECT_EQ(animation.frames.size(), 2u);
  ASSERT_EQ(animation.applications.size(), 1u);
  EXPECT_EQ(animation.applications[0].identifier, "GENLABPV1.0");
  EXPECT_EQ(animation.applications[0].data, record);
}

TEST(Container, WavChunkIsPaddedAndRiffSizeUpdated) {
  const std::string wav = tiny_wav("\x01\x02");
  const std::string embedded = embed_record(wav, Container::wav, "abc", "a.wav");
  EXPECT_EQ(embedded, wav.substr(0, 4) + le32(static_cast<uint32_t>(wav.size() - 8 + 12)) +
                          wav.substr(8) + "gnlb" + le32(3) + "abc" + std::string(1, '\0'));
}

TEST(Container, MidiEventGoesFirstInTrackWithLengthUpdated) {
  const std::string midi = tiny_midi(64);
  const std::string embedded = embed_record(midi, Container::midi, "abc", "a.mid");
  const std::string event = std::string("\x00\xff\x7f\x0a\x7dgenlababc", 14);
  EXPECT_EQ(embedded, midi.substr(0, 18) + be32(12 + 14) + event + midi.substr(22));
  // A record longer than 127 bytes needs a two-byte length.
  const std::string long_record(200, 'r');
  const std::string long_embedded = embed_record(midi, Container::midi, long_record, "a.mid");
  EXPECT_EQ(long_embedded.substr(22, 6), std::string("\x00\xff\x7f\x81\x4f\x7d", 6));  // 207
  EXPECT_EQ(extract_record(long_embedded, Container::midi, "a.mid"), long_record);
}

TEST(Container, DetectionUsesMagicAndRefusesMismatchedExtensions) {
  const std::string gif = tiny_gif(1);
  EXPECT_EQ(error_of([&] { detect_container("out.png", gif); }),
            "out.png: not a PNG file (starts with 'GIF8')");
  EXPECT_EQ(error_of([&] { detect_container("dir.x/out.GIF", tiny_png(1)); }),
            "dir.x/out.GIF: not a GIF file (starts with '\\x89PNG')");
  EXPECT_EQ(error_of([&] { detect_container("song.mid", ""); }),
            "song.mid: not a MIDI file (it is empty)");
  EXPECT_EQ(error_of([&] { detect_container("a.wav", "RIFF\x04\x00\x00\x00AVI "); }),
            "a.wav: not a WAV file (starts with 'RIFF')");
  // Magic wins over an unknown extension; unknown bytes get a sidecar.
  EXPECT_EQ(detect_container("picture.bin", tiny_png(1)), Container::png);
  EXPECT_EQ(detect_container("song.midi", tiny_midi(1)), Container::midi);
  EXPECT_EQ(detect_container("story.txt", "Once upon a time"), Container::sidecar);
  EXPECT_EQ(detect_container("no_extension", gif), Container::gif);
  EXPECT_EQ(sidecar_path("out/story.txt"), "out/story.txt.prov.json");
}

TEST(Container, CorruptStructureNamesFileAndByte) {
  const std::string png = tiny_png(1);
  EXPECT_EQ(error_of([&] {
              extract_record(png.substr(0, png.size() - 12), Container::png, "a.png");
            }).rfind("a.png: corrupt PNG: no IEND chunk", 0),
            0u);
  std::string wav = tiny_wav("\x01\x02");
  wav[40] = '\x7f';  // data chunk size 127 > what is left
  EXPECT_EQ(error_of([&] { extract_record(wav, Container::wav, "a.wav"); }),
            "a.wav: corrupt WAV: chunk 'data' at byte 36 runs past the end of the file");
  const std::string gif = tiny_gif(1);
  EXPECT_EQ(error_of([&] {
              extract_record(gif.substr(0, gif.size() - 1), Container::gif, "a.gif");
            }).rfind("a.gif: corrupt GIF: no trailer", 0),
            0u);
  EXPECT_EQ(error_of([&] { embed_record(tiny_wav("ab") + "junk", Container::wav, "{}", "a.wav"); }),
            "a.wav: corrupt WAV: chunk header at byte 46 cut short");
  EXPECT_EQ(error_of([&] {
              embed_record(tiny_wav("ab") + "junk" + le32(0), Container::wav, "{}", "a.wav");
            }),
            "a.wav: corrupt WAV: RIFF size 38 does not match the file size 54");
  EXPECT_EQ(error_of([&] {
              extract_record("MThd" + be32(6) + std::string(6, '\0'), Container::midi, "a.mid");
            }),
            "a.mid: corrupt MIDI: no MTrk chunk");
}

}  // namespace
}  // namespace genlab::provenance
