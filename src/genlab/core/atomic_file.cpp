// AtomicFile: write to "<path>.tmp.<pid>.<n>", then fsync + rename + fsync of the directory, so a
// reader sees the old file or the new one, never a torn one (ccache's AtomicFile). Also the two
// plain helpers every writer needs: read_file and append_line. Not a general file API.
#include "genlab/core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "genlab/core/check.h"

namespace genlab::core {
namespace {

std::string errno_text() { return std::strerror(errno); }

std::string parent_dir_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// A rename is only durable once the directory entry itself has reached the disk.
void fsync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // some file systems do not allow opening directories; the rename stands
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(std::string path, FileAccess access) : m_path(std::move(path)) {
  // Several AtomicFiles for one target may be open at once (threads), so the pid is not enough.
  static std::atomic<uint64_t> counter{0};
  m_tmp_path = fmt::format("{}.tmp.{}.{}", m_path, ::getpid(), counter++);
  const bool owner_only = access == FileAccess::owner_only;
  const int fd = ::open(m_tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        owner_only ? 0600 : 0666);
  // A stale temporary file left by a crash keeps its old mode, so owner_only sets it explicitly.
  if (fd < 0 || (owner_only && ::fchmod(fd, 0600) != 0) || !(m_file = ::fdopen(fd, "wb"))) {
    const std::string reason = errno_text();
    if (fd >= 0) ::close(fd);
    fail("{}: cannot open for writing: {}", m_path, reason);
  }
}

AtomicFile::~AtomicFile() {
  if (m_file) std::fclose(m_file);
  if (!m_committed) ::unlink(m_tmp_path.c_str());
}

void AtomicFile::write(std::string_view data) { write(data.data(), data.size()); }

void AtomicFile::write(const void* data, size_t size) {
  GENLAB_CHECK(m_file, "{}: write after commit", m_path);
  if (size == 0) return;
  if (std::fwrite(data, 1, size, m_file) != size)
    fail("{}: cannot write: {}", m_path, errno_text());
}

void AtomicFile::commit() {
  GENLAB_CHECK(m_file, "{}: commit called twice", m_path);
  std::FILE* file = m_file;
  m_file = nullptr;
  const bool flushed = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const std::string reason = flushed ? "" : errno_text();
  if (std::fclose(file) != 0 && flushed) fail("{}: cannot write: {}", m_path, errno_text());
  if (!flushed) fail("{}: cannot write: {}", m_path, reason);
  if (std::rename(m_tmp_path.c_str(), m_path.c_str()) != 0)
    fail("{}: cannot rename {} into place: {}", m_path, m_tmp_path, errno_text());
  m_committed = true;
  fsync_directory(parent_dir_of(m_path));
}

void write_file_atomic(const std::string& path, std::string_view data, FileAccess access) {
  AtomicFile file(path, access);
  file.write(data);
  file.commit();
}

std::string read_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rbe");
  if (!file) fail("{}: cannot read: {}", path, errno_text());
  // One read into a buffer of the file's size (growing a string chunk by chunk copied a 10 MB
  // checkpoint several times over); the loop still reads files whose size stat cannot tell.
  std::string out;
  struct stat st {};
  if (::fstat(::fileno(file), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    out.resize(static_cast<size_t>(st.st_size));
    out.resize(std::fread(out.data(), 1, out.size(), file));
  }
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) out.append(buffer, n);
  const bool error = std::ferror(file) != 0;
  const std::string reason = error ? errno_text() : "";
  std::fclose(file);
  if (error) fail("{}: cannot read: {}", path, reason);
  return out;
}

void append_line(const std::string& path, std::string_view line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fail("{}: cannot open for appending: {}", path, errno_text());
  std::string buffer(line);
  buffer += '\n';
  // One write(2): concurrent appenders and crashes cannot interleave parts of two lines.
  const ssize_t written = ::write(fd, buffer.data(), buffer.size());
  const std::string reason = written < 0 ? errno_text() : "short write (disk full?)";
  ::close(fd);
  if (written != static_cast<ssize_t>(buffer.size())) fail("{}: cannot append: {}", path, reason);
}

}  // namespace genlab::core
