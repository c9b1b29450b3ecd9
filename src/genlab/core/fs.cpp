// File-system helpers over std::filesystem, with genlab's error wording. Paths stay std::string at
// the interface so callers need not include <filesystem>.
#include "genlab/core/fs.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "genlab/core/check.h"

namespace genlab::core {

namespace stdfs = std::filesystem;

bool path_exists(const std::string& path) {
  std::error_code ec;
  return stdfs::exists(path, ec);
}

bool is_directory(const std::string& path) {
  std::error_code ec;
  return stdfs::is_directory(path, ec);
}

void create_directories(const std::string& path) {
  std::error_code ec;
  stdfs::create_directories(path, ec);
  // create_directories reports no error when the directory already exists, but a file there does.
  if (ec || !stdfs::is_directory(path))
    fail("{}: cannot create directory: {}", path, ec ? ec.message() : "a file is in the way");
}

std::vector<std::string> list_files(const std::string& dir) {
  std::error_code ec;
  stdfs::directory_iterator it(dir, ec);
  if (ec) fail("{}: cannot list directory: {}", dir, ec.message());
  std::vector<std::string> files;
  for (const stdfs::directory_entry& entry : it) {
    std::error_code type_ec;
    if (entry.is_regular_file(type_ec)) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string file_name(const std::string& path) { return stdfs::path(path).filename().string(); }

std::string parent_path(const std::string& path) {
  return stdfs::path(path).parent_path().string();
}

std::string join_path(const std::string& a, const std::string& b) {
  return (stdfs::path(a) / stdfs::path(b)).string();
}

std::string user_cache_dir(const std::string& what) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) return join_path(xdg, "genlab");
  const char* home = std::getenv("HOME");
  if (!home || !*home) fail("{}: neither XDG_CACHE_HOME nor HOME is set; cannot place genlab's cache", what);
  return join_path(home, ".cache/genlab");
}

std::string timestamp_for_name() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", &local);
  return buffer;
}

}  // namespace genlab::core
