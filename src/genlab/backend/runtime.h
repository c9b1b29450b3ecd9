// Process-wide runtime settings, applied once by the CLI (and by the public API on first load):
// thread count, allocator tuning, and which BLAS LibTorch actually runs on.
#pragma once

#include <string>

namespace genlab::backend {

struct RuntimeInfo {
  int threads = 1;         // intra-op threads in use
  std::string blas;        // "OpenBLAS 0.3.21 (Haswell, openmp)", "reference BLAS", "unknown"
  bool reference_blas = false;
};

// Sets intra-op threads (0 = all cores; LibTorch's own default here is 1) and keeps large tensor
// buffers in the heap (mallopt M_MMAP_THRESHOLD/M_TRIM_THRESHOLD) so glibc does not return and
// re-fault them every step. Safe to call more than once; only the first call sets interop threads.
RuntimeInfo init_runtime(int threads);

// Reads the BLAS loaded into this process from /proc/self/maps and OpenBLAS's own config string.
RuntimeInfo detect_blas();

}  // namespace genlab::backend
