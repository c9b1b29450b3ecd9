// `genlab verify FILE... [--trust KEY]... [--json]`: checks each file's signed provenance record.
// Exit codes (docs/formats/provenance.md): 0 all signed and intact, else the first other status's
// code (3 no record, 4 content modified, 5 record tampered, 6 untrusted, 7 newer version, 8 unreadable).
#include <iostream>
#include <memory>

#include "apps/cli/commands.h"
#include "genlab/provenance/verify.h"

namespace genlab::cli {
namespace {

struct VerifyOptions {
  std::vector<std::string> files;  // files to check
  std::vector<std::string> trust;  // trusted public keys (hex or .pub files); empty = any signer
  bool json = false;               // a JSON array instead of lines
};

}  // namespace

Runner setup_verify(CLI::App& app) {
  auto o = std::make_shared<VerifyOptions>();
  app.add_option("files", o->files, "files to check (PNG, GIF, WAV, MIDI, or any file with a .prov.json sidecar)")
      ->required();
  app.add_option("--trust", o->trust, "trusted signer: public key hex or .pub file (repeatable); default: any");
  app.add_flag("--json", o->json, "print a JSON array");
  return [o] { return provenance::run_verify(o->files, o->trust, o->json, std::cout); };
}

}  // namespace genlab::cli
