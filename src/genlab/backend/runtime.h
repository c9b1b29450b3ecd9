// Process-wide runtime settings, applied once by the CLI (and by the public API on first load):
// thread count, allocator tuning, and which BLAS LibTorch actually runs on.
#pragma once

#include <string>

namespace genlab::backend {

struct RuntimeInfo {
  int threads = 1;         // cores used for compute (--threads; 0 asked = all cores)
  int torch_threads = 1;   // LibTorch intra-op threads (1 when a pthread OpenBLAS takes the cores)
  std::string blas;        // "OpenBLAS 0.3.21 (Haswell, openmp)", "reference BLAS", "unknown"
  bool reference_blas = false;
};

// Uses `threads` cores (0 = all; LibTorch's own default here is 1). OpenBLAS built for OpenMP shares
// LibTorch's OpenMP team, and both get them; a pthread OpenBLAS gets them alone and LibTorch's
// intra-op pool keeps one thread (two pools at full width contend: 3-5x slower measured on 2
// cores); without OpenBLAS they go to LibTorch. GENLAB_TORCH_THREADS=N sets LibTorch's pool
// explicitly. Also installs the caching allocator for large tensor buffers (host_allocator.h)
// and keeps other large buffers in the heap (mallopt M_MMAP_THRESHOLD / M_TRIM_THRESHOLD), so
// neither is returned to the OS and faulted back in every step. Safe to call more than once; only
// the first call sets interop threads and the allocator.
RuntimeInfo init_runtime(int threads);

// Batch-1 decoding runs genlab's own single-threaded kernels (nn/cpu_kernels.h) and a few small
// LibTorch ops per token: a wider OpenMP team only spins between those ops, next to the core the
// decoding loop runs on (GPT sampling on 2 cores: 4 900 tokens/s with 2 threads, 5 700 with 1).
// Sets LibTorch's intra-op pool to one thread unless GENLAB_TORCH_THREADS says otherwise; the CLI
// calls it before sampling an autoregressive model.
void use_one_thread_for_decoding();

// Reads the BLAS loaded into this process from /proc/self/maps and OpenBLAS's own config string.
RuntimeInfo detect_blas();

}  // namespace genlab::backend
