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
std::string to_hex(const Digest& digest);  // 64 lowercase hex digits

}  // namespace genlab::core
