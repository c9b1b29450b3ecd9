// Tests for backend/host_allocator: size classes, reuse of a freed block for the next tensor of its
// class, small buffers left to LibTorch's allocator, and the bound on what the cache keeps mapped.
#include <gtest/gtest.h>

#include <c10/core/CPUAllocator.h>

#include "genlab/backend/host_allocator.h"
#include "genlab/backend/torch.h"

namespace genlab::backend {
namespace {

constexpr std::size_t KiB = 1024, MiB = 1024 * 1024;

TEST(HostAllocator, SizeClassesRoundToAPageAndAnEighthOfThePowerOfTwo) {
  const std::pair<std::size_t, std::size_t> table[] = {
      {256 * KiB, 256 * KiB},          // a power of two stays
      {256 * KiB + 1, 288 * KiB},      // next eighth of 256 KiB
      {300 * KiB, 320 * KiB},          //
      {1 * MiB, 1 * MiB},              //
      {1 * MiB + 1, 1 * MiB + 128 * KiB},
      {3000000, 3 * MiB},              // between 2 and 4 MiB the step is 256 KiB
      {8 * MiB - 4096, 8 * MiB},       // within the top eighth of 4..8 MiB
  };
  for (const auto& [request, expected] : table) EXPECT_EQ(host_size_class(request), expected) << request;
  for (std::size_t n = 256 * KiB; n < 64 * MiB; n = n * 5 / 4 + 12345) {
    const std::size_t c = host_size_class(n);
    EXPECT_GE(c, n);
    EXPECT_LE(c, n + n / 8 + 4096) << n;
    EXPECT_EQ(c % 4096, 0u) << n;
  }
}

TEST(HostAllocator, AFreedBlockServesTheNextTensorOfItsClass) {
  install_host_allocator();
  const auto before = host_allocator_stats();
  void* first = nullptr;
  {
    auto t = torch::ones({1 << 20});  // 4 MiB
    first = t.data_ptr();
    EXPECT_EQ(host_allocator_stats().live_bytes, before.live_bytes + 4 * MiB);
  }
  EXPECT_EQ(host_allocator_stats().live_bytes, before.live_bytes);
  auto again = torch::full({(1 << 20) - 100}, 2.0f);  // same class
  EXPECT_EQ(again.data_ptr(), first);
  EXPECT_EQ(host_allocator_stats().reuses, before.reuses + 1);
  EXPECT_FLOAT_EQ(again.sum().item<float>(), 2.0f * ((1 << 20) - 100));
}

TEST(HostAllocator, SmallTensorsAndRawAllocationsGoThroughIt) {
  install_host_allocator();
  const auto before = host_allocator_stats();
  auto small = torch::ones({1000});
  EXPECT_EQ(host_allocator_stats().live_bytes, before.live_bytes);
  EXPECT_FLOAT_EQ(small.sum().item<float>(), 1000.0f);
  c10::Allocator* cpu = c10::GetCPUAllocator();
  for (std::size_t n : {std::size_t{64}, 2 * MiB}) {
    void* p = cpu->raw_allocate(n);
    std::memset(p, 7, n);
    cpu->raw_deallocate(p);
  }
  EXPECT_EQ(host_allocator_stats().live_bytes, before.live_bytes);
}

TEST(HostAllocator, EverNewSizesDoNotGrowTheCacheBeyondThePeak) {
  install_host_allocator();
  for (int64_t floats = 1 << 18; floats < (1 << 23); floats = floats * 9 / 8) {
    auto t = torch::empty({floats});
    t.fill_(1.0f);
  }
  const auto s = host_allocator_stats();
  EXPECT_LE(s.mapped_bytes, 2 * s.peak_live_bytes);
  EXPECT_GT(s.fresh_mapped_bytes, s.mapped_bytes);  // blocks were unmapped on the way
}

}  // namespace
}  // namespace genlab::backend
