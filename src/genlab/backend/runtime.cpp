// Thread count, allocator tuning and BLAS detection (see runtime.h).
#include "genlab/backend/runtime.h"

#include <dlfcn.h>
#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "genlab/backend/host_allocator.h"
#include "genlab/backend/torch.h"

namespace genlab::backend {
namespace {

// GENLAB_TORCH_THREADS as a positive count, or 0 when unset or not one.
int torch_threads_from_env() {
  const char* env = std::getenv("GENLAB_TORCH_THREADS");
  return env ? std::max(0, std::atoi(env)) : 0;
}

}  // namespace

RuntimeInfo detect_blas() {
  RuntimeInfo info;
  std::ifstream maps("/proc/self/maps");
  std::string line, blas_path;
  while (std::getline(maps, line)) {
    const auto pos = line.find('/');
    if (pos == std::string::npos) continue;
    const std::string path = line.substr(pos);
    if (path.find("libopenblas") != std::string::npos || path.find("openblas") != std::string::npos ||
        path.find("/libblas.so") != std::string::npos || path.find("libmkl") != std::string::npos) {
      blas_path = path;
      if (path.find("openblas") != std::string::npos || path.find("mkl") != std::string::npos) break;
    }
  }
  using ConfigFn = char* (*)();
  auto* config = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
  auto* corename = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (config) {
    info.blas = config();  // "OpenBLAS 0.3.21 ... Haswell MAX_THREADS=64"
    if (corename) info.blas += std::string(" [kernel ") + corename() + "]";
  } else if (blas_path.find("mkl") != std::string::npos) {
    info.blas = "MKL (" + blas_path + ")";
  } else if (blas_path.find("openblas") != std::string::npos) {
    info.blas = "OpenBLAS (" + blas_path + ")";
  } else if (!blas_path.empty()) {
    info.blas = "reference BLAS (" + blas_path + ")";
    info.reference_blas = true;
  } else {
    info.blas = "unknown (no BLAS library mapped)";
  }
  return info;
}

RuntimeInfo init_runtime(int threads) {
  static std::once_flag once;
  std::call_once(once, [] {
    // Large tensor buffers go to the caching allocator; keep the other big buffers in the heap too:
    // glibc would otherwise unmap and re-fault them each step.
    install_host_allocator();
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    torch::set_num_interop_threads(1);
  });
  const int hw = static_cast<int>(std::thread::hardware_concurrency());
  const int n = threads > 0 ? threads : (hw > 0 ? hw : 1);
  RuntimeInfo info = detect_blas();
  info.threads = n;
  using SetThreadsFn = void (*)(int);
  auto* set_blas_threads = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  // OpenBLAS built for OpenMP (libopenblas0-openmp) shares LibTorch's OpenMP team, so both get the
  // n cores. Any other OpenBLAS (the pthread build) runs its own pool: the cores go to BLAS and
  // LibTorch's intra-op pool stays at one thread, as two pools at n threads each made training 3-5x
  // slower on 2 cores (docs/ARCHITECTURE.md, "Threads"). GENLAB_TORCH_THREADS overrides the LibTorch side.
  const bool shared_pool = info.blas.find("USE_OPENMP") != std::string::npos;
  info.torch_threads = set_blas_threads && !shared_pool ? 1 : n;
  if (const int forced = torch_threads_from_env(); forced > 0) info.torch_threads = forced;
  if (set_blas_threads) set_blas_threads(n);
  torch::set_num_threads(info.torch_threads);
  return info;
}

void use_one_thread_for_decoding() {
  if (torch_threads_from_env() == 0) torch::set_num_threads(1);
}

}  // namespace genlab::backend
