// The one table of model families. The CLI's family choices and help, `genlab models`, and
// checkpoint loading are generated from it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/model.h"

namespace genlab::models {

struct Family {
  std::string name;                           // "gan-mlp": first argument of `genlab train`
  std::vector<data::Modality> modalities;     // data it can be trained on
  std::string description;                    // one line for `genlab models`
  std::string kind;                           // "generator", or "evaluator" (measures other models)
  std::string default_data;                   // data set used when --data is not given
  // Train/data settings this family starts from (TOML), before --config and flags.
  std::string default_settings;
  // Builds the model from the [model] section of settings (binding and checking it) and the data
  // set's shape. Parameters are initialised from the global torch RNG (seeded by the caller).
  std::function<std::unique_ptr<Model>(core::Settings& settings, const data::DataInfo& data)> create;
};

const std::vector<Family>& families();

// Throws Error "unknown model '<name>'; known: a, b, c".
const Family& find_family(const std::string& name);

std::string modality_list(const Family& family);  // "image, text"

}  // namespace genlab::models
