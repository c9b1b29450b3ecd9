// Text corpora: files and folders of UTF-8, the built-in KJV and fortunes-ru corpora, and the
// line-boundary train/validation split.
#include "genlab/data/text_corpus.h"

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/text/utf8.h"

namespace genlab::data {
namespace {

namespace stdfs = std::filesystem;

constexpr const char* k_kjv_command = "bible -l100000 'gen1:1-rev22:21' </dev/null 2>/dev/null";
constexpr const char* k_kjv_missing = "the KJV corpus needs Debian's bible-kjv package; run scripts/setup.sh";
constexpr const char* k_fortunes_dir = "/usr/share/games/fortunes/ru";

std::string read_utf8_file(const std::string& path) {
  std::string text = core::read_file(path);
  const size_t bad = text::find_invalid_utf8(text);
  if (bad != text::k_valid_utf8) fail("{}: invalid UTF-8 at byte {}", path, bad);
  return text;
}

bool is_hidden(const stdfs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

// Regular files under dir (recursively, not entering hidden folders or folder symlinks), sorted by
// path, each real file once: a later name that resolves to a file already listed is dropped.
std::vector<std::string> list_real_files(const std::string& dir) {
  std::error_code ec;
  stdfs::recursive_directory_iterator it(dir, ec), end;
  if (ec) fail("{}: cannot list directory: {}", dir, ec.message());
  std::vector<std::string> paths;
  for (; it != end; it.increment(ec)) {
    if (ec) fail("{}: cannot list directory: {}", dir, ec.message());
    if (is_hidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) paths.push_back(it->path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::set<std::string> seen;
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    const std::string real = stdfs::canonical(path, ec).string();
    if (ec) fail("{}: cannot resolve: {}", path, ec.message());
    if (seen.insert(real).second) files.push_back(path);
  }
  return files;
}

std::string cache_dir() { return core::join_path(core::user_cache_dir("kjv"), "corpora"); }

// `bible` prints "Book N" chapter headers, blank lines and "  V text" verses; keeps the verse texts.
std::string clean_kjv(const std::string& raw) {
  std::string text;
  text.reserve(raw.size());
  size_t verses = 0;
  for (size_t pos = 0; pos < raw.size();) {
    size_t end = raw.find('\n', pos);
    if (end == std::string::npos) end = raw.size();
    const std::string_view line(raw.data() + pos, end - pos);
    pos = end + 1;
    size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    const size_t digits = i;
    while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
    if (digits == 0 || i == digits || i >= line.size() || line[i] != ' ') continue;  // header or blank
    text.append(line.substr(i + 1));
    text += '\n';
    ++verses;
  }
  if (verses == 0) fail("kjv: `bible` printed no verses; {}", k_kjv_missing);
  return text;
}

std::string run_bible() {
  std::FILE* pipe = popen(k_kjv_command, "r");
  if (!pipe) fail("kjv: cannot run `bible`; {}", k_kjv_missing);
  std::string raw;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) raw.append(buffer, n);
  const int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127)  // the shell found no `bible`
    fail("kjv: the `bible` program is missing; {}", k_kjv_missing);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail("kjv: `bible` failed (wait status {}); {}", status, k_kjv_missing);
  return raw;
}

TextCorpus kjv_corpus() {
  const std::string path = core::join_path(cache_dir(), "kjv.txt");
  TextCorpus corpus;
  corpus.source = "kjv (Debian bible-kjv)";
  corpus.files = {path};
  if (core::path_exists(path)) {
    corpus.text = read_utf8_file(path);
    return corpus;
  }
  corpus.text = clean_kjv(run_bible());
  const size_t bad = text::find_invalid_utf8(corpus.text);
  if (bad != text::k_valid_utf8) fail("kjv: `bible` printed invalid UTF-8 at byte {}", bad);
  core::create_directories(core::parent_path(path));
  core::write_file_atomic(path, corpus.text);
  return corpus;
}

// A fortune file is quotes separated by lines holding only '%'; appends each quote to out with its
// trailing blank lines dropped and one blank line after it.
void append_fortunes(const std::string& content, std::string& out) {
  std::string quote;
  auto finish = [&] {
    while (quote.size() >= 2 && quote[quote.size() - 1] == '\n' && quote[quote.size() - 2] == '\n') quote.pop_back();
    if (!quote.empty() && quote != "\n") out += quote + "\n";
    quote.clear();
  };
  for (size_t pos = 0; pos < content.size();) {
    size_t end = content.find('\n', pos);
    if (end == std::string::npos) end = content.size();
    const std::string_view line(content.data() + pos, end - pos);
    pos = end + 1;
    if (line == "%") {
      finish();
    } else {
      quote.append(line);
      quote += '\n';
    }
  }
  finish();
}

TextCorpus fortunes_ru_corpus() {
  if (!core::is_directory(k_fortunes_dir))
    fail("fortunes-ru: {} not found; the corpus needs Debian's fortunes-ru package; run scripts/setup.sh",
         k_fortunes_dir);
  TextCorpus corpus;
  corpus.source = fmt::format("fortunes-ru (Debian fortunes-ru, {})", k_fortunes_dir);
  for (const std::string& path : list_real_files(k_fortunes_dir)) {
    if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".dat") == 0) continue;  // strfile index
    append_fortunes(read_utf8_file(path), corpus.text);
    corpus.files.push_back(path);
  }
  if (!corpus.text.empty()) corpus.text.pop_back();  // no blank line after the last quote
  return corpus;
}

}  // namespace

TextCorpus read_text_corpus(const std::string& path) {
  TextCorpus corpus;
  corpus.source = path;
  if (!core::is_directory(path)) {
    corpus.text = read_utf8_file(path);
    corpus.files = {path};
    return corpus;
  }
  corpus.files = list_real_files(path);
  if (corpus.files.empty()) fail("{}: no files", path);
  for (const std::string& file : corpus.files) {
    corpus.text += read_utf8_file(file);
    if (!corpus.text.empty() && corpus.text.back() != '\n') corpus.text += '\n';
  }
  return corpus;
}

std::vector<std::string> builtin_corpus_names() { return {"kjv", "fortunes-ru"}; }

TextCorpus builtin_corpus(const std::string& name) {
  if (name == "kjv") return kjv_corpus();
  if (name == "fortunes-ru") return fortunes_ru_corpus();
  fail("unknown corpus '{}'; choices: {}", name, fmt::join(builtin_corpus_names(), ", "));
}

std::pair<std::string_view, std::string_view> split_text(std::string_view text, double val_fraction) {
  if (!(val_fraction >= 0.0 && val_fraction < 1.0)) fail("val_fraction: must be in [0, 1), got {}", val_fraction);
  const auto target = static_cast<size_t>(static_cast<double>(text.size()) * (1.0 - val_fraction));
  if (target >= text.size()) return {text, std::string_view()};
  // The start of the line holding byte `target`; in the first line, the end of that line instead.
  size_t cut = target == 0 ? 0 : text.rfind('\n', target - 1) + 1;  // npos + 1 == 0
  if (cut == 0) {
    const size_t first_end = text.find('\n');
    cut = first_end == std::string_view::npos ? text.size() : first_end + 1;
  }
  return {text.substr(0, cut), text.substr(cut)};
}

}  // namespace genlab::data
