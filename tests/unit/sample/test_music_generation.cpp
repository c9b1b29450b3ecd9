// Tests for sample/music_generation: generation stops at the requested length of music, and the
// events follow the encoding's grammar (one key per pitch) even when the model puts its mass on
// events that break it.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "genlab/core/error.h"
#include "genlab/sample/music_generation.h"

namespace genlab::sample {
namespace {

// Logits from a fixed table, whatever was fed.
class FixedDecoder final : public models::Decoder {
 public:
  explicit FixedDecoder(std::vector<float> logits) : m_logits(std::move(logits)) {}
  const std::vector<float>& feed(const std::vector<int32_t>& tokens) override {
    m_fed += static_cast<int64_t>(tokens.size());
    return m_logits;
  }
  int64_t context_length() const override { return m_fed; }

 private:
  std::vector<float> m_logits;
  int64_t m_fed = 0;
};

TEST(MusicGeneration, EventsFollowOneKeyPerPitch) {
  // Uniform over every event, then a model that almost always asks for NOTE_ON 60 or NOTE_OFF 61.
  std::vector<float> skewed(music::k_event_count, 0.0f);
  skewed[60] = 8;
  skewed[music::k_note_off_base + 61] = 8;
  for (const auto& logits : {std::vector<float>(music::k_event_count, 0.0f), skewed}) {
    FixedDecoder decoder(logits);
    SamplerConfig config;
    config.temperature = 1;
    config.seed = 3;
    Sampler sampler(config);
    MusicRequest request;
    request.seconds = 20;
    const MusicResult result = generate_music(decoder, sampler, request);
    std::array<int, 128> open{};
    int64_t ons = 0, offs = 0, shift_steps = 0;
    for (size_t i = request.primer.size(); i < result.events.size(); ++i) {
      const int32_t e = result.events[i];
      if (e < music::k_note_off_base) {
        EXPECT_EQ(open[static_cast<size_t>(e)]++, 0) << "NOTE_ON " << e << " while it sounds, event " << i;
        ++ons;
      } else if (e < music::k_time_shift_base) {
        EXPECT_EQ(open[static_cast<size_t>(e - music::k_note_off_base)]--, 1)
            << "NOTE_OFF " << e - music::k_note_off_base << " while silent, event " << i;
        ++offs;
      } else if (e < music::k_velocity_base) {
        shift_steps += e - music::k_time_shift_base + 1;
      }
    }
    EXPECT_GT(ons, 10);
    EXPECT_GT(offs, 0);
    EXPECT_GE(shift_steps, 20 * music::k_steps_per_second);  // stopped once 20 s of music were there
    EXPECT_LT(shift_steps - 100, 20 * music::k_steps_per_second);
  }
}

TEST(MusicGeneration, RefusesAModelOverAnotherVocabulary) {
  FixedDecoder decoder(std::vector<float>(100, 0.0f));
  Sampler sampler(SamplerConfig{});
  EXPECT_THROW(generate_music(decoder, sampler, MusicRequest{}), Error);
}

}  // namespace
}  // namespace genlab::sample
