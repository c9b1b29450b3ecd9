// A Python PyTorch reference run for parity tests: runs tests/parity/<script> with /usr/bin/python3
// into a temporary directory, then serves its manifest and raw float32 tensors to the C++ side.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "genlab/backend/torch.h"
#include "genlab/models/model.h"
#include "support/temp_dir.h"

namespace genlab::testing {

class ReferenceRun {
 public:
  // True when /usr/bin/python3 can import torch (Debian's python3-torch; scripts/setup.sh --test).
  static bool available();

  // Runs `script args` (script relative to tests/parity); throws std::runtime_error on failure.
  ReferenceRun(const std::string& script, const std::string& args);

  const nlohmann::json& manifest() const { return m_manifest; }
  torch::Tensor tensor(const std::string& name) const;
  // Copies "<prefix>.<module>.<parameter>" tensors into every parameter of the model.
  void set_weights(models::Model& model, const std::string& prefix) const;

 private:
  TempDir m_dir;
  nlohmann::json m_manifest;
};

// |a - b| / |b|
double relative_difference(double a, double b);

}  // namespace genlab::testing
