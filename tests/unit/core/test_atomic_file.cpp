// Tests for core/atomic_file: the all-or-nothing guarantee (including a process that dies before
// commit), read_file, and append_line.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "support/temp_dir.h"

namespace genlab::core {
namespace {

size_t entries_in(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(AtomicFile, CommitReplacesContent) {
  testing::TempDir tmp;
  const std::string path = tmp.file("a.txt");
  write_file_atomic(path, "old");
  AtomicFile file(path);
  file.write("new ");
  file.write("content", 7);
  EXPECT_EQ(read_file(path), "old");  // nothing visible before commit
  file.commit();
  EXPECT_EQ(read_file(path), "new content");
  EXPECT_EQ(entries_in(tmp.path()), 1u);
}

TEST(AtomicFile, DestroyedWithoutCommitLeavesOldContentAndNoTemp) {
  testing::TempDir tmp;
  const std::string path = tmp.file("a.txt");
  write_file_atomic(path, "old");
  {
    AtomicFile file(path);
    file.write("half of the new cont");
  }  // a "crash" before commit
  EXPECT_EQ(read_file(path), "old");
  EXPECT_EQ(entries_in(tmp.path()), 1u);
}

TEST(AtomicFile, ChildKilledBeforeCommitLeavesOldContent) {
  testing::TempDir tmp;
  const std::string path = tmp.file("ckpt");
  write_file_atomic(path, "good checkpoint");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    AtomicFile file(path);
    file.write(std::string(1 << 16, 'x'));
    std::_Exit(0);  // dies without commit and without running destructors
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_EQ(read_file(path), "good checkpoint");
}

TEST(AtomicFile, NewFileOnlyAppearsOnCommit) {
  testing::TempDir tmp;
  const std::string path = tmp.file("new.bin");
  AtomicFile file(path);
  file.write(std::string("\0\1\2", 3));
  EXPECT_FALSE(std::filesystem::exists(path));
  file.commit();
  EXPECT_EQ(read_file(path), std::string("\0\1\2", 3));
}

TEST(AtomicFile, UnwritableDirectoryThrowsNamingPath) {
  const std::string path = "/nonexistent-genlab-dir/x.txt";
  try {
    AtomicFile file(path);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(AtomicFile, OwnerOnlyFilesAreMode0600EvenOverAnOpenFile) {
  testing::TempDir tmp;
  const std::string path = tmp.file("secret");
  write_file_atomic(path, "public", FileAccess::shared);
  ::chmod(path.c_str(), 0644);
  AtomicFile file(path, FileAccess::owner_only);
  file.write("secret");
  file.commit();
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(read_file(path), "secret");
}

TEST(ReadFile, MissingFileThrows) {
  testing::TempDir tmp;
  const std::string path = tmp.file("missing");
  try {
    read_file(path);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + ": cannot read:", 0), 0u) << e.what();
  }
}

TEST(AppendLine, AppendsWholeLines) {
  testing::TempDir tmp;
  const std::string path = tmp.file("metrics.jsonl");
  append_line(path, R"({"step":1})");
  append_line(path, R"({"step":2})");
  EXPECT_EQ(read_file(path), "{\"step\":1}\n{\"step\":2}\n");
}

}  // namespace
}  // namespace genlab::core
