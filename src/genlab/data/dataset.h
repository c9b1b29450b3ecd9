// The data contract the trainer sees: a data set hands out training batches from a cursor that a
// checkpoint can save, and a fixed list of held-out batches. The trainer never knows whether the
// examples are images, text or music; models read the Batch fields their modality defines.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "genlab/backend/torch.h"
#include "genlab/music/midi.h"
#include "genlab/text/tokenizer.h"

namespace genlab::data {

enum class Modality { image, text, music };
const char* modality_name(Modality m);
// "image" | "text" | "music" -> Modality; throws Error naming `what` otherwise.
Modality parse_modality(const std::string& name, const std::string& what);
// The bundled music corpus (Freedoom + OpenMSX; music/corpus.h), the default music data.
constexpr const char* k_builtin_music = "builtin:music";

// Whether path is MIDI data: a .mid/.midi file, a folder holding one, or "builtin:music".
bool is_midi_path(const std::string& path);

struct Batch {
  torch::Tensor x;  // images: (B, C, H, W) float32 in [0, 1]; sequences: (B, T) int64
  torch::Tensor y;  // class labels (B) int64, next tokens (B, T); undefined when absent
  bool stream_start = false;  // sequences: the rows do not continue the previous batch's rows
};

// Where a training stream stands; saved in checkpoints so a resumed run sees the same batches.
struct Cursor {
  int64_t epoch = 0;     // completed passes over the training split
  int64_t position = 0;  // examples of the current epoch already handed out
};

struct DataInfo {
  Modality modality = Modality::image;
  std::vector<int64_t> example_shape;     // images: {C, H, W}; sequences: {T}
  int64_t num_classes = 0;                // 0 when unlabelled
  std::vector<std::string> class_names;   // empty or num_classes names
  std::string source;                     // what was read, for `genlab info`
  std::shared_ptr<const text::Tokenizer> tokenizer;  // sequences: maps text/events to token ids
  int64_t vocab_size = 0;                 // sequences: tokenizer's vocabulary; 0 otherwise
  int64_t train_examples = 0;
  int64_t val_examples = 0;
};

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual const DataInfo& info() const = 0;
  // The next batch_size training examples in this epoch's shuffled order, advancing cursor (a new
  // epoch starts with a fresh permutation once fewer than batch_size examples remain).
  virtual Batch next_batch(Cursor& cursor, int64_t batch_size, const torch::Device& device) const = 0;
  // Held-out batches in a fixed order (at most max_batches; 0 = all).
  virtual std::vector<Batch> val_batches(int64_t batch_size, int64_t max_batches,
                                         const torch::Device& device) const = 0;
  // Training steps in one epoch at this batch size.
  virtual int64_t steps_per_epoch(int64_t batch_size) const = 0;
};

// Reads and checks the data config section [data].
struct DataConfig {
  std::string path;            // file or folder; "" = the family's default data set
  double val_fraction = 0.05;  // share of examples held out for validation (fixed split)
  bool strict = false;         // any unreadable file in a data folder is fatal
  std::string tokenizer = "char";  // text: char | bpe (trained on the training split at start)
  int64_t vocab_size = 2000;       // text, bpe: vocabulary size incl. the 256 byte tokens
  int64_t context = 128;           // sequences: tokens per training example (T)
  std::string batching = "windows";  // sequences: windows (shuffled) | streams (contiguous, for RNNs)
  std::string modality;        // "" = the family's first, or music for MIDI data; image | text | music
  int64_t transpose = 3;       // music: train on every transposition within +-this many semitones
  double stretch = 0.05;       // music: also train on every piece slowed and sped up by this fraction

  template <class V>
  void fields(V& v) {
    v("path", path, "file or folder of training data; empty = the family's default data set");
    v("val_fraction", val_fraction, "share of examples held out for validation (fixed split)");
    v("strict", strict, "any unreadable file in a data folder is fatal");
    v("tokenizer", tokenizer, "text: char | bpe (trained on the training split at start)");
    v("vocab_size", vocab_size, "text, bpe: vocabulary size incl. the 256 byte tokens");
    v("context", context, "sequences: tokens per training example (T)");
    v("batching", batching, "sequences: windows (shuffled) | streams (contiguous, for RNNs)");
    v("modality", modality, "\"\" = the family's first, or music for MIDI data; image | text | music");
    v("transpose", transpose, "music: train on every transposition within +-this many semitones");
    v("stretch", stretch, "music: also train on every piece slowed and sped up by this fraction");
  }
};

// Opens the data set for a modality. `default_path` is used when config.path is empty. seed fixes
// the per-epoch shuffles. Throws Error naming the path on any problem.
// Text data: the training and held-out text exactly as open_dataset splits them (a file, folder
// or "builtin:NAME" corpus; nanoGPT's tail split at a line boundary).
struct TextSplit {
  std::string train, val;
  std::string source;  // what was read
};
TextSplit load_text_split(const DataConfig& config, const std::string& default_path);

// Music data: the pieces of a MIDI file, folder or "builtin:music", split by piece as open_dataset
// splits them, and the Performance-RNN event sequences the models train and validate on.
struct MusicSplit {
  std::vector<music::NoteSequence> train, validation;  // pieces as read (no augmentation)
  std::vector<std::vector<int32_t>> train_events;      // every augmented variant of every training piece
  std::vector<std::vector<int32_t>> validation_events; // one per validation piece, as read
  std::vector<std::string> skipped;                    // "path: reason" of files that could not be read
  std::string source;                                  // what was read
};
MusicSplit load_music_split(const DataConfig& config, const std::string& default_path);

// `tokenizer` (text): the run's existing tokenizer when resuming; nullptr trains one from config.
std::unique_ptr<Dataset> open_dataset(const DataConfig& config, Modality modality,
                                      const std::string& default_path, uint64_t seed,
                                      std::shared_ptr<const text::Tokenizer> tokenizer = nullptr);

}  // namespace genlab::data
