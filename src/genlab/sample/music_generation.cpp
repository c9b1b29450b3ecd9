// Music generation loop (see music_generation.h).
#include "genlab/sample/music_generation.h"

#include <chrono>
#include <cstring>

#include "genlab/core/check.h"

namespace genlab::sample {
namespace {

int time_steps(int32_t event) {
  return event >= music::k_time_shift_base && event < music::k_velocity_base ? event - music::k_time_shift_base + 1 : 0;
}

}  // namespace

MusicResult generate_music(models::Decoder& decoder, Sampler& sampler, const MusicRequest& request) {
  if (request.primer.empty()) fail("music generation needs at least one primer event");
  if (request.seconds <= 0) fail("--seconds {}: must be positive", request.seconds);
  const auto t0 = std::chrono::steady_clock::now();
  MusicResult result;
  result.events = request.primer;
  const auto target_steps = static_cast<int64_t>(request.seconds * music::k_steps_per_second);
  torch::Tensor logits = decoder.feed(result.events);
  std::vector<float> scores(static_cast<size_t>(logits.numel()));
  int64_t steps = 0;
  while (true) {
    std::memcpy(scores.data(), logits.data_ptr<float>(), scores.size() * sizeof(float));
    const int32_t event = sampler.sample(scores, result.events);
    result.events.push_back(event);
    steps += time_steps(event);
    ++result.generated;
    if (steps >= target_steps || result.generated >= request.max_events) break;
    logits = decoder.feed({event});
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace genlab::sample
