// `genlab eval` for image models: sample quality in the feature space of genlab's own evaluator (a
// classifier trained once on the labelled data, since Inception weights cannot be downloaded), next
// to the references that make the figures readable, plus class balance, originality against the
// training images and the model's own held-out figures; written as report.json and report.html.
#pragma once

#include <cstdint>
#include <string>

#include "genlab/data/dataset.h"
#include "genlab/models/serialize.h"

namespace genlab::cli {

struct ImageEvalOptions {
  int64_t n = 5000;         // generated images, and real images per reference set (FCD depends on N)
  uint64_t seed = 1;        // seed of the generated images
  std::string evaluator;    // run directory or .ckpt of a classifier; "" = the default (trained if missing)
  std::string report_dir;   // where report.{json,html} and the pictures go; "" = RUN/eval
  std::string json;         // also write the JSON figures here
  int threads = 0;          // for training the default evaluator
};

// Where the default Fashion-MNIST evaluator lives: <user cache>/evaluators/fashion-mnist-v2.
std::string default_evaluator_dir();

// Prints the figures and writes the report; returns the exit code.
int eval_images(models::OpenedModel& opened, const std::string& model_path, const data::DataConfig& data,
                const std::string& default_data, const ImageEvalOptions& options, const torch::Device& device);

}  // namespace genlab::cli
