// The secret shared by a watermark's embedder and its detector (text and image watermarks).
#pragma once

#include <array>
#include <cstdint>

namespace genlab::provenance {

using WatermarkKey = std::array<uint8_t, 32>;  // 32 secret bytes; the same key embeds and detects

}  // namespace genlab::provenance
