// Run-time device selection (see device.h).
#include "genlab/backend/device.h"

#include "genlab/core/check.h"

namespace genlab::backend {

torch::Device choose_device(const std::string& spec) {
  const int n_cuda = torch::cuda::is_available() ? cuda_device_count() : 0;
  if (spec == "auto") return n_cuda > 0 ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  if (spec == "cpu") return torch::Device(torch::kCPU);
  if (spec == "cuda" || spec.rfind("cuda:", 0) == 0) {
    if (n_cuda == 0) fail("--device '{}': no CUDA device available in this build/machine; use cpu or auto", spec);
    int index = 0;
    if (spec.size() > 5) {
      try {
        size_t used = 0;
        index = std::stoi(spec.substr(5), &used);
        if (used != spec.size() - 5) throw std::invalid_argument("trailing");
      } catch (const std::exception&) {
        fail("--device '{}': bad device index; use cuda:0..cuda:{}", spec, n_cuda - 1);
      }
    }
    if (index < 0 || index >= n_cuda)
      fail("--device '{}': only {} CUDA device(s) present; use cuda:0..cuda:{}", spec, n_cuda, n_cuda - 1);
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  fail("--device '{}': unknown device; use auto, cpu, cuda or cuda:N", spec);
}

std::string describe_device(const torch::Device& device) { return device.str(); }

}  // namespace genlab::backend
