// Python reference runs for the parity tests (see reference_run.h).
#include "parity/reference_run.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "genlab/core/atomic_file.h"

namespace genlab::testing {

bool ReferenceRun::available() { return std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0; }

ReferenceRun::ReferenceRun(const std::string& script, const std::string& args) {
  const std::string cmd = std::string("/usr/bin/python3 ") + GENLAB_PARITY_DIR + "/" + script + " " + m_dir.path() +
                          " " + args;
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("reference run failed: " + cmd);
  m_manifest = nlohmann::json::parse(core::read_file(m_dir.file("manifest.json")));
}

torch::Tensor ReferenceRun::tensor(const std::string& name) const {
  const auto shape = m_manifest.at("tensors").at(name).get<std::vector<int64_t>>();
  const std::string bytes = core::read_file(m_dir.file(name + ".bin"));
  auto t = torch::empty(shape, torch::kFloat32);
  if (bytes.size() != static_cast<size_t>(t.numel()) * sizeof(float))
    throw std::runtime_error("reference tensor " + name + " has the wrong size");
  std::memcpy(t.data_ptr<float>(), bytes.data(), bytes.size());
  return t;
}

void ReferenceRun::set_weights(models::Model& model, const std::string& prefix) const {
  torch::NoGradGuard no_grad;
  for (auto& [name, module] : model.modules())
    for (auto& item : module->named_parameters()) item.value().copy_(tensor(prefix + "." + name + "." + item.key()));
}

double relative_difference(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-12); }

}  // namespace genlab::testing
