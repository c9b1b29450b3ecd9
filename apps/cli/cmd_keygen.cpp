// `genlab keygen [--dir DIR] [--force]`: a new Ed25519 signing key pair (secret key mode 0600).
#include <iostream>
#include <memory>

#include "apps/cli/commands.h"
#include "genlab/provenance/keys.h"

namespace genlab::cli {
namespace {

struct KeygenOptions {
  std::string dir;     // "" = the default key directory
  bool force = false;  // replace an existing key
};

}  // namespace

Runner setup_keygen(CLI::App& app) {
  auto o = std::make_shared<KeygenOptions>();
  app.add_option("--dir", o->dir, "directory for signing.key / signing.pub (default: $GENLAB_KEY_DIR or ~/.config/genlab)");
  app.add_flag("--force", o->force, "replace an existing key (files signed with it still verify by its public key)");
  return [o] { return provenance::run_keygen(o->dir, o->force, std::cout); };
}

}  // namespace genlab::cli
