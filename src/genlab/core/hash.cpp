// BLAKE2b-256 through libsodium's crypto_generichash, and hex formatting of digests.
// Not a keyed MAC and not streaming: callers hash whole buffers.
#include "genlab/core/hash.h"

#include <sodium.h>

#include "genlab/core/check.h"

namespace genlab::core {

Digest blake2b_256(std::string_view data) {
  // sodium_init() is idempotent and thread-safe; -1 means the library is unusable.
  GENLAB_CHECK(sodium_init() >= 0, "libsodium failed to initialise");
  Digest digest{};
  const int rc = crypto_generichash(digest.data(), digest.size(),
                                    reinterpret_cast<const unsigned char*>(data.data()),
                                    data.size(), /*key=*/nullptr, /*keylen=*/0);
  GENLAB_CHECK(rc == 0, "crypto_generichash failed");
  return digest;
}

std::string to_hex(const Digest& digest) {
  static const char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (const uint8_t byte : digest) {
    out += k_digits[byte >> 4];
    out += k_digits[byte & 15];
  }
  return out;
}

}  // namespace genlab::core
