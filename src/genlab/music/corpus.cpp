// Corpus loading and splitting. Pieces are deduplicated by BLAKE2b of their bytes.
#include "genlab/music/corpus.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <tuple>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/core/hash.h"
#include "genlab/music/wad.h"

namespace genlab::music {
namespace {

const char* const k_freedoom_wads[] = {"/usr/share/games/doom/freedoom1.wad", "/usr/share/games/doom/freedoom2.wad"};
const char* const k_openmsx_dir = "/usr/share/games/openttd/baseset/openmsx";

bool is_midi_path(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".mid" || ext == ".midi";
}

// Messages start with "<source>: "; the skipped list stores source and reason apart.
std::string reason_of(const Error& error, const std::string& source) {
  const std::string message = error.what();
  return message.rfind(source + ": ", 0) == 0 ? message.substr(source.size() + 2) : message;
}

// Adds one piece unless its bytes were seen before; a parse error or an empty piece is skipped and
// listed under `source` (the file a user can go and look at).
class CorpusBuilder {
 public:
  void add(const std::string& name, const std::string& source, const std::string& bytes) {
    if (!m_seen.insert(core::blake2b_256(bytes)).second) {
      ++m_corpus.duplicates;
      return;
    }
    try {
      NoteSequence sequence = parse_midi(bytes, source);
      if (sequence.notes.empty()) {
        m_corpus.skipped.push_back({source, "no notes"});
        return;
      }
      m_corpus.pieces.push_back({name, std::move(sequence)});
    } catch (const Error& e) {
      m_corpus.skipped.push_back({source, reason_of(e, source)});
    }
  }

  MusicCorpus finish(const std::string& source) {
    if (m_corpus.pieces.empty() && !m_corpus.skipped.empty()) {
      const data::SkippedFile& first = m_corpus.skipped.front();
      fail("{}: no readable MIDI file ({} skipped; first: {}: {})", source, m_corpus.skipped.size(), first.path,
           first.reason);
    }
    return std::move(m_corpus);
  }

  MusicCorpus& corpus() { return m_corpus; }

 private:
  MusicCorpus m_corpus;
  std::set<core::Digest> m_seen;
};

std::vector<std::string> midi_files_under(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && is_midi_path(it->path())) files.push_back(it->path().string());
  if (ec) fail("{}: cannot list directory: {}", dir, ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

uint64_t name_hash(const std::string& name) {
  const core::Digest digest = core::blake2b_256(name);
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | digest[i];
  return value;
}

}  // namespace

int64_t MusicCorpus::total_notes() const {
  int64_t total = 0;
  for (const MusicPiece& piece : pieces) total += static_cast<int64_t>(piece.sequence.notes.size());
  return total;
}

double MusicCorpus::total_seconds() const {
  double total = 0;
  for (const MusicPiece& piece : pieces) total += piece.sequence.total_time_s;
  return total;
}

MusicCorpus read_music_corpus(const std::string& dir) {
  if (!core::is_directory(dir)) fail("{}: not a directory", dir);
  const std::vector<std::string> files = midi_files_under(dir);
  if (files.empty()) fail("{}: no .mid or .midi files", dir);
  CorpusBuilder builder;
  for (const std::string& path : files) {
    std::string bytes;
    try {
      bytes = core::read_file(path);
    } catch (const Error& e) {
      builder.corpus().skipped.push_back({path, reason_of(e, path)});
      continue;
    }
    builder.add(std::filesystem::relative(path, dir).string(), path, bytes);
  }
  return builder.finish(dir);
}

MusicCorpus builtin_music_corpus() {
  for (const char* wad : k_freedoom_wads)
    if (!core::path_exists(wad)) fail("{}: missing; install the Debian package freedoom (scripts/setup.sh)", wad);
  if (!core::is_directory(k_openmsx_dir))
    fail("{}: missing; install the Debian package openttd-openmsx (scripts/setup.sh)", k_openmsx_dir);
  CorpusBuilder builder;
  for (const char* wad : k_freedoom_wads) {
    WadMusic music = read_wad_music(wad);
    builder.corpus().skipped_mus += music.skipped_mus;
    for (const WadLump& lump : music.midi)
      builder.add(core::file_name(wad) + ":" + lump.name, std::string(wad) + ":" + lump.name, lump.data);
  }
  for (const std::string& path : midi_files_under(k_openmsx_dir))
    builder.add("openmsx/" + core::file_name(path), path, core::read_file(path));
  return builder.finish("built-in music corpus");
}

CorpusSplit split_corpus(const MusicCorpus& corpus, double validation_fraction) {
  if (!(validation_fraction >= 0 && validation_fraction < 1))
    fail("validation fraction {} must be in [0, 1)", validation_fraction);
  CorpusSplit split;
  const long double threshold = validation_fraction * 18446744073709551616.0L;  // fraction * 2^64
  size_t smallest = 0;
  uint64_t smallest_hash = UINT64_MAX;
  for (size_t i = 0; i < corpus.pieces.size(); ++i) {
    const uint64_t hash = name_hash(corpus.pieces[i].name);
    if (hash < smallest_hash) std::tie(smallest, smallest_hash) = std::make_pair(i, hash);
    (static_cast<long double>(hash) < threshold ? split.validation : split.train).push_back(i);
  }
  if (split.validation.empty() && validation_fraction > 0 && corpus.pieces.size() >= 2) {
    split.train.erase(std::find(split.train.begin(), split.train.end(), smallest));
    split.validation.push_back(smallest);
  }
  return split;
}

}  // namespace genlab::music
