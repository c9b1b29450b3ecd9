// Music corpora: a folder of MIDI files, or the built-in one made of Debian-packaged game music
// (Freedoom's D_* songs, deduplicated, and OpenTTD's OpenMSX set). Under the data-folder rule: a
// bad file is skipped and listed, and the load fails only when nothing is usable. Plus the
// deterministic train/validation split. Torch-free. See docs/music.md for sources and licences.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "genlab/data/image_folder.h"
#include "genlab/music/midi.h"

namespace genlab::music {

struct MusicPiece {
  std::string name;  // "freedoom2.wad:D_RUNNIN", or the path relative to the corpus folder
  NoteSequence sequence;
};

struct MusicCorpus {
  std::vector<MusicPiece> pieces;          // in source order (sorted paths; WAD directory order)
  std::vector<data::SkippedFile> skipped;  // unreadable or empty files, with why
  int64_t duplicates = 0;                  // files byte-identical to an earlier piece, left out
  int64_t skipped_mus = 0;                 // WAD music lumps in MUS form, left out

  int64_t total_notes() const;
  double total_seconds() const;  // sum of the pieces' total_time_s
};

// Every *.mid / *.midi (case-insensitive) under `dir`, recursively, in sorted path order; files
// whose bytes repeat an earlier file's are counted in `duplicates`. A file that does not parse or
// has no notes is skipped with its reason. Throws Error "<dir>: not a directory", "<dir>: no .mid or
// .midi files", "<dir>: no readable MIDI file (N skipped; first: <file>: <reason>)".
MusicCorpus read_music_corpus(const std::string& dir);

// Freedoom's freedoom1.wad and freedoom2.wad (/usr/share/games/doom/, package freedoom; the two
// share songs, kept once) and /usr/share/games/openttd/baseset/openmsx/*.mid (package
// openttd-openmsx). Throws Error naming the missing file and the package to install.
MusicCorpus builtin_music_corpus();

struct CorpusSplit {
  std::vector<size_t> train;       // indices into MusicCorpus::pieces, ascending
  std::vector<size_t> validation;  // ascending
};

// A piece goes to validation when the first 8 bytes of BLAKE2b(name), read as a fraction of 2^64,
// fall below `validation_fraction`: stable when pieces are added or removed. If that leaves
// validation empty (tiny corpora) and there are at least two pieces, the piece with the smallest
// hash moves there. Throws Error unless 0 <= validation_fraction < 1.
CorpusSplit split_corpus(const MusicCorpus& corpus, double validation_fraction = 0.1);

}  // namespace genlab::music
