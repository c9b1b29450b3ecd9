// The subcommand table's entries: each file cmd_<name>.cpp binds its flags to an options struct on
// the given CLI11 subcommand and returns the function that runs it (returning the exit code).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace genlab::cli {

using Runner = std::function<int()>;

Runner setup_train(CLI::App& app);
Runner setup_verify(CLI::App& app);
Runner setup_replay(CLI::App& app);
Runner setup_sample(CLI::App& app);
Runner setup_interpolate(CLI::App& app);
Runner setup_detect(CLI::App& app);
Runner setup_eval(CLI::App& app);
Runner setup_explain(CLI::App& app);
Runner setup_info(CLI::App& app);
Runner setup_keygen(CLI::App& app);
Runner setup_models(CLI::App& app);

// Shared by every command that computes: applies --threads (0 = all cores), warns on the
// reference BLAS, prints the runtime line when announce, returns the thread count in use.
int init_runtime(int threads, bool announce = false);

}  // namespace genlab::cli
