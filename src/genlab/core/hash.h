// Content hashes (BLAKE2b through libsodium). Used for checkpoint checksums and, later, for
// provenance records' hard bindings.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace genlab::core {

using Digest = std::array<uint8_t, 32>;

Digest blake2b_256(std::string_view data);

// The digest of a file's bytes, read in chunks (never whole). Throws Error "<path>: cannot read: ...".
Digest blake2b_256_of_file(const std::string& path);

// The same digest fed in pieces, for data never held whole (a checkpoint streamed to disk). A copy
// carries the state so far: finish one and go on feeding the other.
class Blake2b256 {
 public:
  Blake2b256();
  void update(const void* data, size_t size);
  Digest finish();  // the digest of everything updated; call once

 private:
  alignas(64) unsigned char m_state[384];  // crypto_generichash_state (checked against libsodium's size)
};
std::string to_hex(const Digest& digest);  // 64 lowercase hex digits

}  // namespace genlab::core
