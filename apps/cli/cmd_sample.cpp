// `genlab sample MODEL -n 64 --seed 7 -o grid.png` (one PNG grid) or `--each DIR` (one PNG per
// sample). Without -o the grid goes under RUN/samples/ (or the current directory for a bare .ckpt).
// Text models: `genlab sample MODEL --prompt "..." --max-tokens 500 [-n 3]` streams to stdout.
#include <fmt/format.h>

#include <memory>
#include <random>

#include "apps/cli/commands.h"
#include "apps/cli/labels.h"
#include "apps/cli/sample_music.h"
#include "apps/cli/sample_text.h"
#include "apps/cli/struct_flags.h"
#include "genlab/backend/device.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/image/grid.h"
#include "genlab/image/png.h"
#include "genlab/image/tensor_image.h"
#include "genlab/models/serialize.h"

namespace genlab::cli {
namespace {

struct SampleOptions {
  std::string model;           // run directory or .ckpt
  int64_t n = 0;               // number of samples; 0 = 64 images or 1 text
  int64_t seed = -1;           // -1: a fresh random seed, printed
  std::string output;          // grid PNG path (images) or text file (text)
  std::string each;            // directory for one PNG per sample
  int cols = 0;                // grid columns; 0 = near-square
  int scale = 1;               // grid upscaling factor (nearest neighbour), for small images
  int threads = 0;
  std::string device = "auto";
  bool no_watermark = false;   // sign the output but leave it unwatermarked
  TextSampleOptions text;      // text families only (its sampler settings serve music too)
  MusicSampleOptions music;    // models trained on music
};

std::string default_output(const SampleOptions& o, int64_t step, uint64_t seed) {
  const std::string name = fmt::format("sample-step{:06d}-seed{}.png", step, seed);
  if (core::is_directory(o.model)) return core::join_path(core::join_path(o.model, "samples"), name);
  return name;
}

}  // namespace

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
  return [o] {
    if (o->n < 0) fail("-n {}: must be positive", o->n);
    init_runtime(o->threads);
    const uint64_t seed = o->seed >= 0 ? static_cast<uint64_t>(o->seed) : std::random_device{}() & 0x7fffffff;
    auto opened = models::open_model(o->model, backend::choose_device(o->device));
    const int64_t step = opened.archive->header().value("step", int64_t{0});
    const auto labeler = make_labeler(!o->no_watermark);
    provenance::ProvenanceRecord record;
    record.model_family = opened.model->family();
    record.checkpoint_hash = provenance::file_hash(opened.archive->path());
    record.seed = seed;
    if (opened.data.modality == data::Modality::music) {
      sample::validate(o->text.sampler);
      const std::string dir = !o->output.empty() ? o->output
                              : core::is_directory(o->model)
                                  ? core::join_path(core::join_path(o->model, "samples"), fmt::format("music-step{:06d}-seed{}", step, seed))
                                  : fmt::format("music-seed{}", seed);
      return sample_music(opened, o->music, o->text.sampler, o->n > 0 ? o->n : 1, seed, dir, *labeler, record, o->model);
    }
    if (opened.data.tokenizer) {
      sample::validate(o->text.sampler);
      record.watermark = labeler->text_watermark_json();
      return sample_text(opened, o->text, o->n > 0 ? o->n : 1, seed, o->output, *labeler, record, o->model);
    }
    models::SampleRequest request;
    request.n = o->n > 0 ? o->n : 64;
    request.seed = seed;
    auto samples = opened.model->sample(request);
    if (!samples.images.defined()) fail("{}: family '{}' does not generate images", o->model, opened.model->family());
    const auto images = image::to_images(samples.images);
    record.watermark = labeler->image_watermark_json();
    // Each written file is watermarked as a whole, then signed.
    auto write_labelled = [&](const std::string& path, const Image& img, nlohmann::json sampling) {
      sampling["model"] = o->model;
      sampling["n"] = request.n;
      record.sampling = sampling.dump();
      image::write_png(path, labeler->mark(img));
      labeler->sign(path, record);
    };

    const std::string grid_path = o->output.empty() ? default_output(*o, step, seed) : o->output;
    write_labelled(grid_path, image::upscale(image::tile(images, o->cols), o->scale),
                   {{"command", "sample"}, {"output", "grid"}, {"cols", o->cols}, {"scale", o->scale}});
    fmt::print("wrote {} ({} samples, seed {}, {} step {}; signed{})\n", grid_path, images.size(), seed,
               opened.model->family(), step, labeler->watermarking() ? ", watermarked" : "");
    if (!o->each.empty()) {
      core::create_directories(o->each);
      for (size_t i = 0; i < images.size(); ++i)
        write_labelled(core::join_path(o->each, fmt::format("sample-{:03d}.png", i)), images[i],
                       {{"command", "sample"}, {"output", "each"}, {"index", i}});
      fmt::print("wrote {} PNG files to {}/\n", images.size(), o->each);
    }
    return 0;
  };
}

}  // namespace genlab::cli
