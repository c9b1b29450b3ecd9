// Tests for music/corpus: a folder with good, bad, empty, duplicate and non-MIDI files (the
// data-folder rule), the all-bad and no-file errors, the deterministic split, and the built-in
// corpus from Debian's freedoom and openttd-openmsx packages.
#include <gtest/gtest.h>

#include <filesystem>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/core/fs.h"
#include "genlab/music/corpus.h"
#include "support/midi_bytes.h"
#include "support/temp_dir.h"

namespace genlab::music {
namespace {

using testing::end_of_track;
using testing::mthd;
using testing::mtrk;
using testing::song;

std::string error_of(const std::string& dir) {
  try {
    read_music_corpus(dir);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Corpus, FolderSkipsBadFilesAndDuplicates) {
  testing::TempDir tmp;
  core::create_directories(tmp.file("sub"));
  core::write_file_atomic(tmp.file("b.mid"), song(60, 3));
  core::write_file_atomic(tmp.file("sub/a.MIDI"), song(40, 2));
  core::write_file_atomic(tmp.file("copy.mid"), song(60, 3));
  core::write_file_atomic(tmp.file("cut.mid"), song(50, 4).substr(0, 30));
  core::write_file_atomic(tmp.file("silent.mid"), mthd(0, 1, 480) + mtrk(end_of_track()));
  core::write_file_atomic(tmp.file("notes.txt"), "not music");
  const MusicCorpus corpus = read_music_corpus(tmp.path());
  ASSERT_EQ(corpus.pieces.size(), 2u);
  EXPECT_EQ(corpus.pieces[0].name, "b.mid");  // sorts before copy.mid, which is the duplicate
  EXPECT_EQ(corpus.pieces[1].name, "sub/a.MIDI");
  EXPECT_EQ(corpus.duplicates, 1);
  EXPECT_EQ(corpus.total_notes(), 5);
  EXPECT_DOUBLE_EQ(corpus.total_seconds(), 0.75 + 0.5);  // 240 ticks = 0.25 s per note
  ASSERT_EQ(corpus.skipped.size(), 2u);
  EXPECT_EQ(corpus.skipped[0].path, tmp.file("cut.mid"));
  EXPECT_EQ(corpus.skipped[0].reason, "truncated MTrk chunk at byte 14");
  EXPECT_EQ(corpus.skipped[1].path, tmp.file("silent.mid"));
  EXPECT_EQ(corpus.skipped[1].reason, "no notes");
}

TEST(Corpus, FailsWhenNothingIsUsable) {
  testing::TempDir tmp;
  EXPECT_EQ(error_of(tmp.path()), tmp.path() + ": no .mid or .midi files");
  core::write_file_atomic(tmp.file("a.mid"), "RIFF");
  core::write_file_atomic(tmp.file("b.mid"), "");
  EXPECT_EQ(error_of(tmp.path()), tmp.path() + ": no readable MIDI file (2 skipped; first: " + tmp.file("a.mid") +
                                      ": not a MIDI file (no MThd header) at byte 0)");
  EXPECT_EQ(error_of(tmp.file("a.mid")), tmp.file("a.mid") + ": not a directory");
}

MusicCorpus named(int count) {
  MusicCorpus corpus;
  for (int i = 0; i < count; ++i) corpus.pieces.push_back({"piece" + std::to_string(i) + ".mid", {}});
  return corpus;
}

TEST(Corpus, SplitIsDeterministicAndStable) {
  const MusicCorpus corpus = named(200);
  const CorpusSplit split = split_corpus(corpus, 0.1);
  EXPECT_EQ(split.train.size() + split.validation.size(), 200u);
  EXPECT_GT(split.validation.size(), 5u);  // about 20 expected from a uniform hash
  EXPECT_LT(split.validation.size(), 40u);
  const CorpusSplit again = split_corpus(corpus, 0.1);
  EXPECT_EQ(again.validation, split.validation);
  // Dropping the first 100 pieces does not move any of the others between the halves.
  MusicCorpus tail;
  tail.pieces.assign(corpus.pieces.begin() + 100, corpus.pieces.end());
  std::vector<size_t> expected;
  for (size_t i : split.validation)
    if (i >= 100) expected.push_back(i - 100);
  EXPECT_EQ(split_corpus(tail, 0.1).validation, expected);
  EXPECT_TRUE(split_corpus(corpus, 0.0).validation.empty());
  EXPECT_THROW(split_corpus(corpus, 1.0), Error);
}

TEST(Corpus, TinyCorpusStillGetsOneValidationPiece) {
  const CorpusSplit split = split_corpus(named(2), 0.01);
  EXPECT_EQ(split.train.size(), 1u);
  EXPECT_EQ(split.validation.size(), 1u);
  EXPECT_EQ(split_corpus(named(1), 0.1).validation.size(), 0u);
}

TEST(Corpus, BuiltinCorpusFromDebianPackages) {
  if (!core::path_exists("/usr/share/games/doom/freedoom2.wad") ||
      !core::is_directory("/usr/share/games/openttd/baseset/openmsx"))
    GTEST_SKIP() << "freedoom or openttd-openmsx not installed (scripts/setup.sh installs them)";
  const MusicCorpus corpus = builtin_music_corpus();
  size_t freedoom = 0, openmsx = 0;
  for (const MusicPiece& piece : corpus.pieces) (piece.name.rfind("openmsx/", 0) == 0 ? openmsx : freedoom)++;
  EXPECT_EQ(freedoom, 66u);  // 32 + 35 D_* lumps, one shared by both WADs
  EXPECT_EQ(openmsx, 31u);
  EXPECT_EQ(corpus.duplicates, 1);
  EXPECT_EQ(corpus.skipped_mus, 0);
  EXPECT_TRUE(corpus.skipped.empty());
}

}  // namespace
}  // namespace genlab::music
