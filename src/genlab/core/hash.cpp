// BLAKE2b-256 through libsodium's crypto_generichash, and hex formatting of digests.
// Not a keyed MAC.
#include "genlab/core/hash.h"

#include <sodium.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

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

static_assert(sizeof(crypto_generichash_state) <= 384 && alignof(crypto_generichash_state) <= 64,
              "Blake2b256::m_state is too small for this libsodium's crypto_generichash_state");

Blake2b256::Blake2b256() {
  GENLAB_CHECK(sodium_init() >= 0, "libsodium failed to initialise");
  const int rc = crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(m_state), /*key=*/nullptr,
                                         /*keylen=*/0, sizeof(Digest));
  GENLAB_CHECK(rc == 0, "crypto_generichash_init failed");
}

void Blake2b256::update(const void* data, size_t size) {
  const int rc = crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(m_state),
                                           static_cast<const unsigned char*>(data), size);
  GENLAB_CHECK(rc == 0, "crypto_generichash_update failed");
}

Digest Blake2b256::finish() {
  Digest digest{};
  const int rc =
      crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(m_state), digest.data(), digest.size());
  GENLAB_CHECK(rc == 0, "crypto_generichash_final failed");
  return digest;
}

Digest blake2b_256_of_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rbe");
  if (!file) fail("{}: cannot read: {}", path, std::strerror(errno));
  Blake2b256 hash;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) hash.update(buffer, n);
  const bool error = std::ferror(file) != 0;
  const std::string reason = error ? std::strerror(errno) : "";
  std::fclose(file);
  if (error) fail("{}: cannot read: {}", path, reason);
  return hash.finish();
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
