// Tests for data/text_corpus: files and folders (sorted, recursive, each real file once), invalid
// UTF-8 reported with file and byte offset, and the line-boundary train/validation split. The
// built-in corpora need Debian packages and are checked by hand (docs/text.md), not here.
#include <gtest/gtest.h>

#include <filesystem>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/core/fs.h"
#include "genlab/data/text_corpus.h"
#include "support/temp_dir.h"

namespace genlab::data {
namespace {

std::string error_of(const std::string& path) {
  try {
    read_text_corpus(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TextCorpus, ReadsAFile) {
  genlab::testing::TempDir tmp;
  core::write_file_atomic(tmp.file("a.txt"), "Привет\nworld");
  const TextCorpus corpus = read_text_corpus(tmp.file("a.txt"));
  EXPECT_EQ(corpus.text, "Привет\nworld");
  EXPECT_EQ(corpus.source, tmp.file("a.txt"));
  EXPECT_EQ(corpus.files, std::vector<std::string>{tmp.file("a.txt")});
}

TEST(TextCorpus, ReportsInvalidUtf8WithFileAndByteOffset) {
  genlab::testing::TempDir tmp;
  core::write_file_atomic(tmp.file("bad.txt"), "ok\nЖ\xD0(\n");
  EXPECT_EQ(error_of(tmp.file("bad.txt")), tmp.file("bad.txt") + ": invalid UTF-8 at byte 5");
  core::create_directories(tmp.file("dir/sub"));
  core::write_file_atomic(tmp.file("dir/a.txt"), "fine\n");
  core::write_file_atomic(tmp.file("dir/sub/b.txt"), "\xFF");
  EXPECT_EQ(error_of(tmp.file("dir")), tmp.file("dir/sub/b.txt") + ": invalid UTF-8 at byte 0");
  EXPECT_EQ(error_of(tmp.file("missing.txt")).rfind(tmp.file("missing.txt") + ": cannot read", 0), 0u);
}

TEST(TextCorpus, ReadsAFolderRecursivelySortedEachRealFileOnce) {
  genlab::testing::TempDir tmp;
  core::create_directories(tmp.file("d/sub"));
  core::create_directories(tmp.file("d/.git"));
  core::write_file_atomic(tmp.file("d/b.txt"), "two\n");
  core::write_file_atomic(tmp.file("d/sub/a.txt"), "three");  // no final newline: one is added
  core::write_file_atomic(tmp.file("d/a.txt"), "one\n");
  core::write_file_atomic(tmp.file("d/.hidden"), "skipped");
  core::write_file_atomic(tmp.file("d/.git/config"), "skipped");
  std::filesystem::create_symlink("b.txt", tmp.file("d/b.txt.u8"));  // fortunes-ru's pattern
  std::filesystem::create_symlink(tmp.file("d/a.txt"), tmp.file("d/sub/z-link"));
  const TextCorpus corpus = read_text_corpus(tmp.file("d"));
  EXPECT_EQ(corpus.files,
            (std::vector<std::string>{tmp.file("d/a.txt"), tmp.file("d/b.txt"), tmp.file("d/sub/a.txt")}));
  EXPECT_EQ(corpus.text, "one\ntwo\nthree\n");
  core::create_directories(tmp.file("empty"));
  EXPECT_EQ(error_of(tmp.file("empty")), tmp.file("empty") + ": no files");
}

TEST(TextCorpus, SplitsAtALineBoundary) {
  const std::string text = "aa\nbb\ncc\ndd\n";  // 12 bytes
  const struct {
    std::string text;
    double val_fraction;
    std::string train, val;
  } cases[] = {
      {text, 0.25, "aa\nbb\ncc\n", "dd\n"},  // byte 9 starts a line
      {text, 0.3, "aa\nbb\n", "cc\ndd\n"},   // byte 8 is inside "cc\n": the whole line goes to val
      {text, 0.0, text, ""},
      {text, 0.99, "aa\n", "bb\ncc\ndd\n"},  // train keeps at least the first line
      {"one line", 0.5, "one line", ""},
      {"", 0.1, "", ""},
  };
  for (const auto& c : cases) {
    const auto [train, val] = split_text(c.text, c.val_fraction);
    EXPECT_EQ(train, c.train) << c.val_fraction;
    EXPECT_EQ(val, c.val) << c.val_fraction;
  }
  EXPECT_THROW(split_text(text, 1.0), Error);
  EXPECT_THROW(split_text(text, -0.1), Error);
}

TEST(TextCorpus, UnknownBuiltinCorpusListsTheChoices) {
  try {
    builtin_corpus("shakespeare");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "unknown corpus 'shakespeare'; choices: kjv, fortunes-ru");
  }
}

}  // namespace
}  // namespace genlab::data
