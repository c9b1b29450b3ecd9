// Music generation: a model's decoding session + the sampler chain over Performance-RNN events
// (music/events.h), until a given length of music. Shared by `genlab sample` and `genlab eval`.
#pragma once

#include <cstdint>
#include <vector>

#include "genlab/models/decoder.h"
#include "genlab/music/events.h"
#include "genlab/sample/sampler.h"

namespace genlab::sample {

// A VELOCITY event (mid-range bin) starts a sample when there is no primer: the model needs one
// token of context, and every training piece opens with a velocity.
constexpr int32_t k_music_start_event = music::k_velocity_base + music::k_velocity_bins / 2;

struct MusicRequest {
  std::vector<int32_t> primer = {k_music_start_event};  // events the output continues (at least one)
  double seconds = 30;         // stop once the generated time shifts add up to this much music
  int64_t max_events = 20000;  // and in any case after this many generated events
};

struct MusicResult {
  std::vector<int32_t> events;  // primer + generated events, ready for music::decode_performance
  int64_t generated = 0;        // events generated (after the primer)
  double seconds = 0;           // generation time, primer processing included
};

// Events are drawn from the model's distribution restricted to the encoding's grammar: a NOTE_ON of a
// pitch that sounds and a NOTE_OFF of one that does not never occur in encoded music (one key per
// pitch), so they are masked; the rest keeps its relative probabilities.
// Throws Error for an empty primer, seconds <= 0, or a model whose vocabulary is not the 388 events.
MusicResult generate_music(models::Decoder& decoder, Sampler& sampler, const MusicRequest& request);

}  // namespace genlab::sample
