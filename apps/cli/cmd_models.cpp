// `genlab models`: the registry's families, one line each.
#include <fmt/format.h>

#include "apps/cli/commands.h"
#include "genlab/models/registry.h"

namespace genlab::cli {

Runner setup_models(CLI::App& app) {
  (void)app;
  return [] {
    fmt::print("{:<12} {:<10} {:<12} {}\n", "family", "kind", "modalities", "description");
    for (const auto& f : models::families())
      fmt::print("{:<12} {:<10} {:<12} {}\n", f.name, f.kind, models::modality_list(f), f.description);
    return 0;
  };
}

}  // namespace genlab::cli
