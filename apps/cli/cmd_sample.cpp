// `genlab sample MODEL -n 64 --seed 7 -o grid.png` (one PNG grid) or `--each DIR` (one PNG per
// sample). Without -o the grid goes under RUN/samples/ (or the current directory for a bare .ckpt).
// Text models: `genlab sample MODEL --prompt "..." --max-tokens 500 [-n 3]` streams to stdout.
// (GPT text on the CPU is usually sampled by the launcher without LibTorch: fast_sample.cpp.)
#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/labels.h"
#include "apps/cli/run_sample.h"
#include "apps/cli/sample_options.h"
#include "genlab/core/check.h"

namespace genlab::cli {

Runner setup_sample(CLI::App& app) {
  auto o = std::make_shared<SampleOptions>();
  add_sample_options(app, *o);
  return [o] {
    if (o->n < 0) fail("-n {}: must be positive", o->n);
    init_runtime(o->threads);
    return run_sample(*o, resolve_seed(o->seed), *make_labeler(!o->no_watermark));
  };
}

}  // namespace genlab::cli
