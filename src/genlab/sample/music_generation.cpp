// Music generation loop (see music_generation.h).
#include "genlab/sample/music_generation.h"

#include <chrono>
#include <limits>

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
  const std::vector<float>* logits = &decoder.feed(result.events);
  if (logits->size() != static_cast<size_t>(music::k_event_count))
    fail("music generation needs a model over the {} performance events, not {} tokens", music::k_event_count,
         logits->size());
  std::vector<float> scores;
  music::KeyState keys;
  for (int32_t event : result.events) keys.apply(event);
  constexpr float never = -std::numeric_limits<float>::infinity();
  int64_t steps = 0;
  while (true) {
    scores = *logits;
    for (int id = 0; id < music::k_event_count; ++id)
      if (!keys.allowed(id)) scores[static_cast<size_t>(id)] = never;
    const int32_t event = sampler.sample(scores, result.events);
    keys.apply(event);
    result.events.push_back(event);
    steps += time_steps(event);
    ++result.generated;
    if (steps >= target_steps || result.generated >= request.max_events) break;
    logits = &decoder.feed({event});
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace genlab::sample
