// genlab's command-line entry point: the subcommand table and the one place that turns errors into
// exit codes (0 success, 1 user error, 2 internal error, 128+signal after a graceful stop;
// docs/CLI.md).
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include "apps/cli/commands.h"
#include "genlab/backend/runtime.h"
#include "genlab/backend/torch.h"
#include "genlab/core/error.h"

namespace {

struct Command {
  const char* name;
  const char* description;
  genlab::cli::Runner (*setup)(CLI::App&);
};

const Command k_commands[] = {
    {"train", "train a model family (or --resume a run)", genlab::cli::setup_train},
    {"sample", "generate from a trained model (run directory or .ckpt)", genlab::cli::setup_sample},
    {"interpolate", "walk a latent space as an animated GIF, or traverse each latent dimension (PNG)",
     genlab::cli::setup_interpolate},
    {"eval", "measure a trained model: likelihood on held-out data, originality of fresh samples", genlab::cli::setup_eval},
    {"explain", "show what a text model finds hard (surprisal) and where it looks (attention)", genlab::cli::setup_explain},
    {"info", "describe a trained model: family, step, parameters, config, data", genlab::cli::setup_info},
    {"models", "list the model families", genlab::cli::setup_models},
    {"keygen", "create your Ed25519 signing key (generated files are signed with it)", genlab::cli::setup_keygen},
    {"verify", "check the signed provenance record of generated files", genlab::cli::setup_verify},
    {"replay", "regenerate a generated file from its signed record and confirm it is identical", genlab::cli::setup_replay},
    {"detect", "look for genlab's invisible watermark in images and text", genlab::cli::setup_detect},
};

std::string version_line() {
  return fmt::format("genlab {} (LibTorch {}.{}.{})", GENLAB_VERSION, TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR,
                     TORCH_VERSION_PATCH);
}

}  // namespace

namespace {

int run(int argc, char** argv) try {
  CLI::App app{"genlab: train, evaluate, sample and label generative models", "genlab"};
  app.set_version_flag("--version", version_line());
  app.require_subcommand(1);
  std::map<std::string, genlab::cli::Runner> runners;
  for (const auto& c : k_commands) runners[c.name] = c.setup(*app.add_subcommand(c.name, c.description));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  for (auto* sub : app.get_subcommands()) return runners.at(sub->get_name())();
  return 1;
} catch (const genlab::Error& e) {
  std::cerr << "genlab: error: " << e.what() << std::endl;
  return 1;
} catch (const genlab::InternalError& e) {
  std::cerr << "genlab: internal error: " << e.what() << std::endl;
  return 2;
} catch (const c10::Error& e) {
  std::cerr << "genlab: internal error: LibTorch: " << e.what_without_backtrace() << std::endl;
  return 2;
} catch (const std::exception& e) {
  std::cerr << "genlab: internal error: " << e.what() << std::endl;
  return 2;
}

}  // namespace

// The process ends without running static destructors: LibTorch's unregister every operator, which
// took ~60 ms of a 0.7 s `genlab sample`. Every file is committed (AtomicFile) by then, and the
// streams are flushed here.
int main(int argc, char** argv) {
  const int code = run(argc, argv);
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}
