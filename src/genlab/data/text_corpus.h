// Text corpora: a UTF-8 file or folder, or a built-in corpus from a Debian package, plus nanoGPT's
// train/validation split. Torch-free; tokenization is text/'s job.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace genlab::data {

struct TextCorpus {
  std::string text;                // valid UTF-8
  std::string source;              // what was read, for `genlab info`: a path or "kjv (bible-kjv)"
  std::vector<std::string> files;  // the files read, in order
};

// Reads a UTF-8 text file, or every file under a folder (recursively, sorted by path, each real file
// once: a name that resolves to a file already read, such as a symlink, is skipped). Folder files are
// joined in order, each ending with a '\n' (one is added where missing). Throws Error
// "<file>: invalid UTF-8 at byte N" (N counted from 0 in that file), "<path>: cannot read: ...",
// "<folder>: no files".
TextCorpus read_text_corpus(const std::string& path);

// Names of the built-in corpora: "kjv", "fortunes-ru".
std::vector<std::string> builtin_corpus_names();

// A built-in corpus:
//   kjv          the King James Bible (Debian bible-kjv), one verse per line without verse numbers
//                or chapter headers, ~4.1 M characters. Produced once by running `bible` and cached
//                at $XDG_CACHE_HOME/genlab/corpora/kjv.txt (default ~/.cache/genlab/corpora/kjv.txt).
//   fortunes-ru  Russian fortune cookies (Debian fortunes-ru, /usr/share/games/fortunes/ru), one
//                blank line between quotes instead of fortune's '%' lines, ~2.0 M characters.
// Throws Error "unknown corpus 'x'; choices: kjv, fortunes-ru", or naming the Debian package to
// install (scripts/setup.sh) when it is missing.
TextCorpus builtin_corpus(const std::string& name);

// nanoGPT's rule, cut at a line boundary: validation is the last val_fraction of the text, starting
// at the beginning of the line that holds byte floor((1 - val_fraction) * size), so no line is split
// and validation gets at least val_fraction. When that line is the first one, the cut moves to the
// end of the first line instead (a one-line text is all training). Returns (train, val) views into
// text. Throws Error "val_fraction: must be in [0, 1), got X".
std::pair<std::string_view, std::string_view> split_text(std::string_view text, double val_fraction);

}  // namespace genlab::data
