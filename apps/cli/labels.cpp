// The user's key and the process's Labeler (see labels.h).
#include "apps/cli/labels.h"

#include <fmt/format.h>

namespace genlab::cli {

std::shared_ptr<const provenance::Labeler> make_labeler(bool watermark) {
  auto key = provenance::load_or_create_default_key();
  if (key.created)
    fmt::print(stderr, "genlab: created your signing key {} (public: {}); generated files are signed with it\n",
               key.secret_path, key.public_path);
  return std::make_shared<provenance::Labeler>(key.key, watermark);
}

}  // namespace genlab::cli
