// Music sampling for `genlab sample` (see sample_music.h).
#include "apps/cli/sample_music.h"

#include <fmt/format.h>

#include "apps/cli/labels.h"
#include "genlab/backend/runtime.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/music/events.h"
#include "genlab/music/midi.h"
#include "genlab/music/piano_roll.h"
#include "genlab/music/render.h"
#include "genlab/sample/music_generation.h"

namespace genlab::cli {

int sample_music(models::OpenedModel& opened, const MusicSampleOptions& options, const sample::SamplerConfig& sampler_config,
                 int64_t n, uint64_t seed, const std::string& out_dir, const provenance::Labeler& labeler,
                 provenance::ProvenanceRecord record, const std::string& model_path) {
  if (options.seconds <= 0) fail("--seconds {}: must be positive", options.seconds);
  if (!(options.max_note_seconds >= 0))
    fail("--max-note-seconds {}: must be 0 (no cap) or positive", options.max_note_seconds);
  sample::MusicRequest request;
  request.seconds = options.seconds;
  request.max_events = options.max_events;
  if (!options.primer.empty()) {
    const auto events = music::encode_performance(music::read_midi(options.primer)).events;
    if (events.empty()) fail("{}: primer has no notes", options.primer);
    request.primer.assign(events.begin(), events.end());
  }
  core::create_directories(out_dir);
  sample::SamplerConfig settings = sampler_config;
  auto sampling = struct_json(settings);
  sampling.erase("seed");
  sampling["command"] = "sample";
  sampling["model"] = model_path;
  sampling["n"] = n;
  sampling["seconds"] = options.seconds;
  sampling["primer"] = options.primer;
  sampling["max_note_seconds"] = options.max_note_seconds;
  record.watermark = R"({"enabled":false,"reason":"music carries no watermark"})";

  backend::use_one_thread_for_decoding();
  for (int64_t i = 0; i < n; ++i) {
    sample::SamplerConfig sc = sampler_config;
    sc.seed = seed + static_cast<uint64_t>(i);
    sample::Sampler sampler(sc);
    auto decoder = opened.model->decoder({});
    const auto result = sample::generate_music(*decoder, sampler, request);
    const auto sequence = music::decode_performance(std::vector<int>(result.events.begin(), result.events.end()),
                                                      options.max_note_seconds);
    const std::string stem = core::join_path(out_dir, fmt::format("sample-{:03d}", i));
    record.seed = sc.seed;
    record.sampling = sampling.dump();
    music::write_midi(stem + ".mid", sequence);
    labeler.sign(stem + ".mid", record);
    music::write_piano_roll(stem + ".png", sequence);
    labeler.sign(stem + ".png", record);
    std::string audio;
    if (!options.no_audio) {
      const auto rendered = music::render_sequence(sequence, stem + ".wav");
      labeler.sign(stem + ".wav", record);
      audio = fmt::format(", {}.wav ({:.1f} s, peak {:.1f} dBFS)", stem, rendered.seconds, rendered.peak_dbfs);
    }
    fmt::print("wrote {0}.mid, {0}.png{1}: {2} events, {3} notes, {4:.1f} s of music ({5:.0f} events/s, seed {6}; signed)\n",
               stem, audio, result.generated, sequence.notes.size(), sequence.total_time_s,
               static_cast<double>(result.generated) / result.seconds, sc.seed);
  }
  return 0;
}

}  // namespace genlab::cli
