// LibTorch 1.13 (Debian) vs 2.x (CUDA builds): every version-specific call lives here
// (see docs/ARCHITECTURE.md). Nothing else tests TORCH_VERSION.
#pragma once

#include <torch/torch.h>
#include <torch/version.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <mutex>
#include <sstream>
#include <string>
#include <type_traits>

namespace genlab::backend {

// Zeroes gradients but keeps them defined: 2.x's default (set_to_none=true) would leave p.grad()
// undefined, which breaks clipping and all-reduce.
inline void zero_grad(const std::vector<torch::Tensor>& params) {
  for (const auto& p : params) {
    auto& g = const_cast<torch::Tensor&>(p).mutable_grad();
    if (g.defined()) {
      g.detach_();
      g.zero_();
    }
  }
}

// The key under which an optimizer keeps a parameter's state: a hex std::string of the TensorImpl
// address in 1.13, the void* itself in 2.x (PR #108480). Deduced from the map's key type.
template <class Map>
typename Map::key_type optimizer_state_key(const Map&, const torch::Tensor& p) {
  using Key = typename Map::key_type;
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream out;
    out << static_cast<const void*>(p.unsafeGetTensorImpl());
    return out.str();
  } else {
    return Key(p.unsafeGetTensorImpl());
  }
}

// Number of CUDA devices as an int (2.x returns c10::DeviceIndex, an int8_t).
inline int cuda_device_count() { return static_cast<int>(torch::cuda::device_count()); }

// Opaque RNG state of a device's default generator (CPU or CUDA:i), and its restore.
inline torch::Tensor generator_state(const torch::Device& device) {
  auto gen = at::globalContext().defaultGenerator(device);
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.get_state();
}
inline void set_generator_state(const torch::Device& device, const torch::Tensor& state) {
  auto gen = at::globalContext().defaultGenerator(device);
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
}

// softmax(q kᵀ / sqrt(d) + mask) v for q (B, H, Tq, D), k/v (B, H, Tk, D); mask is an additive float
// (Tq, Tk) tensor (0 = attend, -inf = masked) or undefined. 2.1+ uses the fused kernel; 1.13 (which
// has only a private op) computes it in plain ops. Attention dropout applies only when training.
inline torch::Tensor scaled_dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                                  const torch::Tensor& v, const torch::Tensor& mask,
                                                  double dropout_p, bool training) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
  return torch::scaled_dot_product_attention(q, k, v, mask.defined() ? c10::optional<torch::Tensor>(mask) : c10::nullopt,
                                             training ? dropout_p : 0.0, /*is_causal=*/false);
#else
  auto att = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(static_cast<double>(q.size(-1))));
  if (mask.defined()) att = att + mask;
  att = torch::softmax(att, -1);
  if (training && dropout_p > 0) att = torch::dropout(att, dropout_p, /*train=*/true);
  return torch::matmul(att, v);
#endif
}

// A private CPU generator (noise streams that must not disturb the global RNG).
inline torch::Generator make_cpu_generator(uint64_t seed) {
  return at::make_generator<at::CPUGeneratorImpl>(seed);
}
inline torch::Tensor generator_state(torch::Generator& gen) {
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.get_state();
}
inline void set_generator_state(torch::Generator& gen, const torch::Tensor& state) {
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
}

}  // namespace genlab::backend
