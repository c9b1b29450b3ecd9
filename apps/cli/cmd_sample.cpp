// `genlab sample MODEL -n 64 --seed 7 -o grid.png` (one PNG grid) or `--each DIR` (one PNG per
// sample). Without -o the grid goes under RUN/samples/ (or the current directory for a bare .ckpt).
// Text models: `genlab sample MODEL --prompt "..." --max-tokens 500 [-n 3]` streams to stdout.
#include <fmt/format.h>

#include <memory>
#include <random>

#include "apps/cli/commands.h"
#include "apps/cli/labels.h"
#include "apps/cli/run_sample.h"
#include "apps/cli/struct_flags.h"
#include "genlab/core/check.h"

namespace genlab::cli {

Runner setup_sample(CLI::App& app) {
  auto o = std::make_shared<SampleOptions>();
  app.add_option("model", o->model, "run directory (its latest checkpoint) or .ckpt file")->required();
  app.add_option("-n", o->n, "number of samples (default: 64 images, 1 text)");
  app.add_option("--seed", o->seed, "noise seed (default: random, printed)");
  app.add_option("-o,--output", o->output, "PNG grid to write (images) or text file (text; default: stdout)");
  app.add_option("--each", o->each, "also write one PNG per sample into this directory (sample-NNN.png)");
  app.add_option("--cols", o->cols, "grid columns (0 = near-square)");
  app.add_option("--scale", o->scale, "enlarge the grid N times (nearest neighbour), e.g. 3 for 28x28 images")
      ->check(CLI::Range(1, 16));
  app.add_option("--threads", o->threads, "CPU threads (0 = all cores)");
  app.add_option("--device", o->device, "auto | cpu | cuda | cuda:N");
  app.add_flag("--no-watermark", o->no_watermark, "no invisible watermark (the signed record says so)");
  app.add_option("--class", o->class_name, "conditional image models: class name or index (default: every class in turn)");
  auto* text = app.add_option_group("text models");
  text->add_option("--prompt", o->text.prompt, "conditioning text");
  text->add_option("--prompt-file", o->text.prompt_file, "read the prompt from this file");
  text->add_option("--max-tokens", o->text.max_tokens, "tokens to generate per sample")->capture_default_str();
  text->add_option("--stop", o->text.stop, "stop generating before this string (repeatable)");
  text->add_flag("--no-kv-cache", o->text.no_kv_cache, "recompute the whole context for every token (slow; to compare)");
  add_struct_flags(*text, o->text.sampler, {"seed"});
  auto* music = app.add_option_group("music models (and the sampler flags above)");
  music->add_option("--seconds", o->music.seconds, "music per sample, seconds")->capture_default_str();
  music->add_option("--primer", o->music.primer, "MIDI file to continue");
  music->add_flag("--no-audio", o->music.no_audio, "skip the .wav rendering");
  music->add_option("--max-note-seconds", o->music.max_note_seconds,
                    "longest a generated note may sound (hanging notes end there); 0 = no cap")
      ->capture_default_str();
  return [o] {
    if (o->n < 0) fail("-n {}: must be positive", o->n);
    init_runtime(o->threads);
    const uint64_t seed = o->seed >= 0 ? static_cast<uint64_t>(o->seed) : std::random_device{}() & 0x7fffffff;
    return run_sample(*o, seed, *make_labeler(!o->no_watermark));
  };
}

}  // namespace genlab::cli
