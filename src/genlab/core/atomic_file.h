// Every file genlab writes goes through AtomicFile: data goes to a temporary file beside the
// target, and only commit() (fsync + rename + fsync of the directory) makes it visible. A crash or
// kill -9 at any moment leaves either the old file or the new one, never a torn one (ccache's
// AtomicFile). Not for appending logs: see append_line().
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace genlab::core {

// Who may read the new file: `shared` follows the umask (usually 0644); `owner_only` creates the
// temporary file with mode 0600 before any byte is written (secret keys).
enum class FileAccess { shared, owner_only };

class AtomicFile {
 public:
  // Opens "<path>.tmp.<pid>.<n>" for writing; throws Error naming path if it cannot.
  explicit AtomicFile(std::string path, FileAccess access = FileAccess::shared);
  // Removes the temporary file unless commit() succeeded.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);  // throws Error on a short write (disk full, ...)
  void write(const void* data, size_t size);
  // Flushes, fsyncs, renames over the target and fsyncs the directory. Throws Error on failure.
  void commit();

  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
  std::string m_tmp_path;
  std::FILE* m_file = nullptr;
  bool m_committed = false;
};

// Writes data to path atomically (AtomicFile + commit).
void write_file_atomic(const std::string& path, std::string_view data,
                       FileAccess access = FileAccess::shared);

// Reads a whole file; throws Error "<path>: cannot read: <reason>".
std::string read_file(const std::string& path);

// Appends one line (a '\n' is added) with a single write(2) on an O_APPEND descriptor, so a crash
// leaves at most one incomplete last line, which readers must skip. Used for metrics.jsonl.
void append_line(const std::string& path, std::string_view line);

}  // namespace genlab::core
