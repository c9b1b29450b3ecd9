// The user's key and the process's Labeler (see labels.h).
#include "apps/cli/labels.h"

#include <fmt/format.h>

namespace genlab::cli {

std::shared_ptr<provenance::Labeler> make_labeler(bool watermark) {
  auto user_key = [] {
    auto key = provenance::load_or_create_default_key();
    if (key.created)
      fmt::print(stderr, "genlab: created your signing key {} (public: {}); generated files are signed with it\n",
                 key.secret_path, key.public_path);
    return key.key;
  };
  return std::make_shared<provenance::Labeler>(user_key, watermark);
}

}  // namespace genlab::cli
