// `genlab sample`'s flags (see sample_options.h).
#include "apps/cli/sample_options.h"

#include <random>

#include "apps/cli/struct_flags.h"

namespace genlab::cli {

void add_sample_options(CLI::App& app, SampleOptions& o) {
  app.add_option("model", o.model, "run directory (its latest checkpoint) or .ckpt file")->required();
  app.add_option("-n", o.n, "number of samples (default: 64 images, 1 text)");
  app.add_option("--seed", o.seed, "noise seed (default: random, printed)");
  app.add_option("-o,--output", o.output, "PNG grid to write (images) or text file (text; default: stdout)");
  app.add_option("--each", o.each, "also write one PNG per sample into this directory (sample-NNN.png)");
  app.add_option("--cols", o.cols, "grid columns (0 = near-square)");
  app.add_option("--scale", o.scale, "enlarge the grid N times (nearest neighbour), e.g. 3 for 28x28 images")
      ->check(CLI::Range(1, 16));
  app.add_option("--threads", o.threads, "CPU threads (0 = all cores)");
  app.add_option("--device", o.device, "auto | cpu | cuda | cuda:N");
  app.add_flag("--no-watermark", o.no_watermark, "no invisible watermark (the signed record says so)");
  app.add_option("--class", o.class_name,
                 "conditional image models: class name or index (default: every class in turn)");
  auto* text = app.add_option_group("text models");
  text->add_option("--prompt", o.text.prompt, "conditioning text");
  text->add_option("--prompt-file", o.text.prompt_file, "read the prompt from this file");
  text->add_option("--max-tokens", o.text.max_tokens, "tokens to generate per sample")->capture_default_str();
  text->add_option("--stop", o.text.stop, "stop generating before this string (repeatable)");
  text->add_flag("--no-kv-cache", o.text.no_kv_cache, "recompute the whole context for every token (slow; to compare)");
  add_struct_flags(*text, o.text.sampler, {"seed"});
  auto* music = app.add_option_group("music models (and the sampler flags above)");
  music->add_option("--seconds", o.music.seconds, "music per sample, seconds")->capture_default_str();
  music->add_option("--primer", o.music.primer, "MIDI file to continue");
  music->add_flag("--no-audio", o.music.no_audio, "skip the .wav rendering");
  music
      ->add_option("--max-note-seconds", o.music.max_note_seconds,
                   "longest a generated note may sound (hanging notes end there); 0 = no cap")
      ->capture_default_str();
}

uint64_t resolve_seed(int64_t seed) {
  return seed >= 0 ? static_cast<uint64_t>(seed) : std::random_device{}() & 0x7fffffff;
}

}  // namespace genlab::cli
