// A model's weights inside a checkpoint archive, and opening a trained model for use: MODEL is a run
// directory (its latest checkpoint) or a .ckpt file, for every command that reads a model.
#pragma once

#include <memory>
#include <string>

#include "genlab/backend/archive.h"
#include "genlab/models/model.h"

namespace genlab::models {

// Parameters and buffers as "model.<module>.<name>".
void save_weights(backend::ArchiveWriter& out, Model& model);
// Copies them into an already built model; throws Error naming the file on a missing tensor or a
// shape mismatch.
void load_weights(const backend::ArchiveReader& in, Model& model);

struct OpenedModel {
  std::unique_ptr<Model> model;
  std::unique_ptr<backend::ArchiveReader> archive;  // header: family, step, config, data, ...
  data::DataInfo data;  // what the model was trained on (sequences: with the tokenizer)
};

// Reads a checkpoint, rebuilds its family from the embedded config, loads weights, moves to
// device and switches to eval mode.
OpenedModel open_model(const std::string& model_path, const torch::Device& device);

// What a checkpoint header records of the training data (shape, classes, tokenizer).
data::DataInfo data_info_from_header(const backend::ArchiveReader& archive);

// Rebuilds a model (untrained) from a checkpoint header's family and config.
std::unique_ptr<Model> build_from_header(const backend::ArchiveReader& archive);

}  // namespace genlab::models
