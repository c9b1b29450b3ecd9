// The data set readers behind open_dataset(), one per modality (internal to data/).
#pragma once

#include <memory>
#include <string>

#include "genlab/data/dataset.h"

namespace genlab::data {

// IDX files or a folder of PNG images at path. `is_default`: path came from the family's default.
std::unique_ptr<Dataset> open_image_dataset(const DataConfig& config, const std::string& path, bool is_default,
                                            uint64_t seed);

// A UTF-8 text file or folder, or "builtin:kjv" / "builtin:fortunes-ru", tokenized with `tokenizer`
// or with one trained from config on the training split.
std::unique_ptr<Dataset> open_text_dataset(const DataConfig& config, const std::string& path, uint64_t seed,
                                           std::shared_ptr<const text::Tokenizer> tokenizer);

// Music: a folder of MIDI files (or one file), or "builtin:music" (Freedoom + OpenMSX), as
// Performance-RNN events; training pieces augmented by transposition and tempo stretch
// (data.transpose, data.stretch).
std::unique_ptr<Dataset> open_music_dataset(const DataConfig& config, const std::string& path, uint64_t seed);

// A data set over token ids (text or music events) with config.batching; info.example_shape,
// train_examples and val_examples are filled in.
std::unique_ptr<Dataset> make_token_dataset(std::vector<int32_t> train, std::vector<int32_t> val, DataInfo info,
                                            const DataConfig& config, uint64_t seed);

}  // namespace genlab::data
