// --threads and the BLAS check, shared by the computing subcommands.
#include <fmt/format.h>

#include "apps/cli/commands.h"
#include "genlab/backend/runtime.h"

namespace genlab::cli {

int init_runtime(int threads, bool announce) {
  const auto info = backend::init_runtime(threads);
  if (announce)
    fmt::print("runtime: {} thread(s) (LibTorch intra-op {}), BLAS {}\n", info.threads, info.torch_threads, info.blas);
  if (info.reference_blas)
    fmt::print(stderr,
               "genlab: warning: LibTorch is running on the reference BLAS ({}), 20-35x slower than OpenBLAS; "
               "install libopenblas0-openmp (scripts/setup.sh)\n",
               info.blas);
  return info.threads;
}

}  // namespace genlab::cli
