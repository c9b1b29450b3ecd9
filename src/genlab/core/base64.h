// Base64 (RFC 4648, with padding) for binary blobs inside JSON, e.g. a tokenizer in a checkpoint
// header. Torch-free; libsodium does the work.
#pragma once

#include <string>
#include <string_view>

namespace genlab::core {

std::string base64_encode(std::string_view bytes);
// Throws Error "<what>: not valid base64" on bad input.
std::string base64_decode(std::string_view text, std::string_view what);

}  // namespace genlab::core
