// Caching allocator for large CPU tensor buffers (see host_allocator.h).
#include "genlab/backend/host_allocator.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>
#include <sys/mman.h>

#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>

namespace genlab::backend {
namespace {

constexpr std::size_t k_page = 4096;

class HostAllocator final : public c10::Allocator {
 public:
  explicit HostAllocator(c10::Allocator* fallback)
      : fallback_(fallback), fallback_delete_(fallback->raw_deleter()) {}

  // allocate() is const in LibTorch 1.13 and non-const from 2.3: both are declared, and whichever
  // the base class has is the override. copy_data() is a pure virtual of the base from 2.2 on and an
  // ordinary member before. None is marked `override`, so that clang does not flag the mix.
  c10::DataPtr allocate(size_t n) const { return const_cast<HostAllocator*>(this)->allocate_block(n); }
  c10::DataPtr allocate(size_t n) { return allocate_block(n); }
  void copy_data(void* dest, const void* src, std::size_t count) const { std::memcpy(dest, src, count); }
  c10::DeleterFnPtr raw_deleter() const { return &delete_block; }

  HostAllocatorStats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

  static HostAllocator* instance;

 private:
  struct FreeBlock {
    void* ptr;
    std::uint64_t freed_at;  // tick of the free, for oldest-first eviction
  };

  c10::DataPtr allocate_block(size_t n) {
    const c10::Device cpu(c10::DeviceType::CPU);
    if (n < k_min_cached_bytes) {
      void* p = fallback_->raw_allocate(n);
      return {p, p, &delete_block, cpu};
    }
    const std::size_t size = host_size_class(n);
    std::lock_guard<std::mutex> lock(mutex_);
    void* p = nullptr;
    auto& cached = free_[size];
    if (!cached.empty()) {
      p = cached.back().ptr;  // the most recently freed: its pages are the likeliest to be warm
      cached.pop_back();
      ++stats_.reuses;
    } else {
      p = map_fresh(size);
    }
    live_.emplace(p, size);
    stats_.live_bytes += size;
    stats_.peak_live_bytes = std::max(stats_.peak_live_bytes, stats_.live_bytes);
    return {p, p, &delete_block, cpu};
  }

  void* map_fresh(std::size_t size) {
    const std::size_t peak = std::max(stats_.peak_live_bytes, stats_.live_bytes + size);
    while (stats_.mapped_bytes + size > 2 * peak && evict_oldest()) {
    }
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      while (evict_oldest()) {
      }
      p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
    TORCH_CHECK(p != MAP_FAILED, "genlab: out of memory: cannot map ", size, " bytes for a tensor (",
                stats_.live_bytes, " bytes in use); use a smaller batch or model");
    stats_.mapped_bytes += size;
    stats_.fresh_mapped_bytes += size;
    return p;
  }

  // Unmaps the free block freed longest ago; false when the cache is empty.
  bool evict_oldest() {
    std::deque<FreeBlock>* oldest = nullptr;
    std::size_t oldest_size = 0;
    for (auto& [size, blocks] : free_) {
      if (!blocks.empty() && (!oldest || blocks.front().freed_at < oldest->front().freed_at)) {
        oldest = &blocks;
        oldest_size = size;
      }
    }
    if (!oldest) return false;
    munmap(oldest->front().ptr, oldest_size);
    oldest->pop_front();
    stats_.mapped_bytes -= oldest_size;
    return true;
  }

  // True when p is one of this allocator's blocks (now cached); false when it came from the fallback.
  bool release(void* p) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = live_.find(p);
    if (it == live_.end()) return false;
    free_[it->second].push_back({p, ++tick_});
    stats_.live_bytes -= it->second;
    live_.erase(it);
    return true;
  }

  static void delete_block(void* p) {
    if (!p) return;
    // Mapped blocks are page-aligned; most small buffers are not and skip the lookup.
    if (reinterpret_cast<std::uintptr_t>(p) % k_page == 0 && instance->release(p)) return;
    instance->fallback_delete_(p);
  }

  c10::Allocator* fallback_;
  c10::DeleterFnPtr fallback_delete_;
  std::mutex mutex_;
  std::map<std::size_t, std::deque<FreeBlock>> free_;  // size class -> cached blocks, oldest first
  std::unordered_map<void*, std::size_t> live_;         // handed-out block -> its size class
  std::uint64_t tick_ = 0;
  HostAllocatorStats stats_;
};

HostAllocator* HostAllocator::instance = nullptr;

}  // namespace

std::size_t host_size_class(std::size_t n) {
  const std::size_t pages = (n + k_page - 1) / k_page * k_page;
  std::size_t top = k_page;
  while (top * 2 <= pages) top *= 2;
  const std::size_t step = std::max(top / 8, k_page);
  return (pages + step - 1) / step * step;
}

void install_host_allocator() {
  static std::once_flag once;
  std::call_once(once, [] {
    c10::Allocator* current = c10::GetCPUAllocator();
    if (!current->raw_deleter()) return;  // not LibTorch's default: leave it alone
    HostAllocator::instance = new HostAllocator(current);  // lives as long as the tensors it made
    c10::SetCPUAllocator(HostAllocator::instance, /*priority=*/1);
  });
}

HostAllocatorStats host_allocator_stats() {
  return HostAllocator::instance ? HostAllocator::instance->stats() : HostAllocatorStats{};
}

}  // namespace genlab::backend
