// A caching allocator for large CPU tensor buffers, installed as LibTorch's CPU allocator by
// init_runtime. Training and sampling loops free and re-allocate buffers of the same few sizes every
// step. glibc either returns such buffers to the OS and faults them back in each time (its default:
// kernel time), or, with a high mmap threshold, keeps them in one heap where small long-lived
// objects pin the holes (GPT training: a 368 MB arena for 249 MB live). This allocator maps each
// large buffer on its own, caches it by size class when freed and hands it out again for the next
// request of that class, so the pages stay faulted in and nothing fragments.
//
// Sizes below k_min_cached_bytes go to the allocator that was installed before (LibTorch's default).
// Cached free blocks are unmapped, oldest first, when a new mapping would take the mapped total past
// twice the peak of live bytes seen so far: a pattern of ever-new sizes degrades to plain
// mmap/munmap, not to growth. (At 1.25x, LSTM training, whose seven buffer sizes peak at different
// moments, unmapped and re-faulted ten blocks every step.)
#pragma once

#include <cstddef>
#include <cstdint>

namespace genlab::backend {

inline constexpr std::size_t k_min_cached_bytes = 256 * 1024;

// Counters of the caching allocator (all bytes are rounded to size classes).
struct HostAllocatorStats {
  std::size_t live_bytes = 0;         // handed out and not yet freed
  std::size_t peak_live_bytes = 0;    // highest live_bytes so far
  std::size_t mapped_bytes = 0;       // live + cached free blocks
  std::size_t fresh_mapped_bytes = 0; // total ever mapped (each byte faulted in at least once)
  std::uint64_t reuses = 0;           // requests served from the cache
};

// The size class of a request of n bytes (n >= k_min_cached_bytes): n rounded up to a page and to
// an eighth of its power of two, so at most 12.5% is reserved beyond the request (and pages never
// written are never faulted in).
std::size_t host_size_class(std::size_t n);

// Makes the caching allocator LibTorch's CPU allocator (idempotent).
void install_host_allocator();

// Counters since installation (zeros when not installed).
HostAllocatorStats host_allocator_stats();

}  // namespace genlab::backend
