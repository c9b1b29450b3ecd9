// `genlab interpolate MODEL --frames 48 -o walk.gif`: a smooth walk through a latent family's latent
// space as a looping GIF — K random points from the seed, visited in a closed loop along great
// circles (spherical interpolation, which keeps the walk at the typical radius of a Gaussian), every
// frame watermarked and the file signed. `--traverse -o traversal.png`: one row per latent
// dimension, that dimension swept from -range to +range with the others at 0, to show what each
// one controls.
#include <fmt/format.h>

#include <memory>
#include <random>

#include "apps/cli/commands.h"
#include "apps/cli/labels.h"
#include "apps/cli/run_sample.h"
#include "genlab/backend/device.h"
#include "genlab/core/check.h"
#include "genlab/core/hash.h"
#include "genlab/image/gif.h"
#include "genlab/image/grid.h"
#include "genlab/image/png.h"
#include "genlab/image/tensor_image.h"
#include "genlab/models/latent.h"
#include "genlab/models/serialize.h"

namespace genlab::cli {
int run_interpolate(const InterpolateOptions& o, uint64_t seed, const provenance::Labeler& labeler) {
  auto opened = models::open_model(o.model, backend::choose_device(o.device));
  auto& model = *opened.model;
  const int64_t dim = model.latent_dim();
  if (dim <= 0)
    fail("{}: family '{}' has no continuous latent space to walk; interpolate covers gan-mlp, dcgan and vae", o.model,
         model.family());
  const int64_t class_index = resolve_class(o.class_name, model, opened.data);
  provenance::ProvenanceRecord record;
  record.model_family = model.family();
  record.checkpoint_hash = core::to_hex(opened.archive->file_digest());
  record.seed = seed;
  nlohmann::json sampling = {{"command", "interpolate"}, {"model", o.model}, {"scale", o.scale}};
  if (class_index >= 0) sampling["class"] = class_index;
  if (!o.traverse) {
    if (o.frames < 2 || o.points < 2 || o.delay_ms < 10)
      fail("--frames {} / --points {} / --delay-ms {}: need at least 2 frames, 2 points and 10 ms", o.frames, o.points,
           o.delay_ms);
    const auto frames = image::to_images(model.decode(models::walk_latents(dim, o.points, o.frames, seed), class_index).images);
    std::vector<Image> marked;
    for (const auto& f : frames) marked.push_back(labeler.mark(image::upscale(f, o.scale)));
    image::write_gif(o.output, marked, o.delay_ms);
    sampling.update({{"output", "walk"}, {"frames", o.frames}, {"points", o.points}, {"delay_ms", o.delay_ms}});
    record.sampling = sampling.dump();
    record.watermark = labeler.image_watermark_json();
    labeler.sign(o.output, record);
    fmt::print("wrote {} ({} frames through {} latent points, seed {}, {}; signed{})\n", o.output, o.frames, o.points,
               seed, model.family(), labeler.watermarking() ? ", every frame watermarked" : "");
    return 0;
  }
  const int64_t rows = o.dims > 0 ? std::min(o.dims, dim) : std::min<int64_t>(dim, 64);
  if (o.steps < 2 || !(o.range > 0)) fail("--steps {} / --range {}: need at least 2 steps and a positive range", o.steps, o.range);
  const auto images = image::to_images(model.decode(models::traversal_latents(dim, rows, o.steps, o.range), class_index).images);
  image::write_png(o.output, labeler.mark(image::upscale(image::tile(images, static_cast<int>(o.steps)), o.scale)));
  sampling.update({{"output", "traversal"}, {"dims", rows}, {"steps", o.steps}, {"range", o.range}});
  record.sampling = sampling.dump();
  record.watermark = labeler.image_watermark_json();
  labeler.sign(o.output, record);
  fmt::print("wrote {}: latent dimensions 0..{} (rows) from {} to {} (columns), the others at 0 ({}; signed{})\n",
             o.output, rows - 1, -o.range, o.range, model.family(), labeler.watermarking() ? ", watermarked" : "");
  return 0;
}

Runner setup_interpolate(CLI::App& app) {
  auto o = std::make_shared<InterpolateOptions>();
  auto seed = std::make_shared<int64_t>(-1);
  app.add_option("model", o->model, "run directory or .ckpt of gan-mlp, dcgan or vae")->required();
  app.add_option("-o,--output", o->output, "walk: .gif to write; with --traverse: .png")->required();
  app.add_option("--frames", o->frames, "frames of the walk")->capture_default_str();
  app.add_option("--points", o->points, "random latent points the walk visits in a loop")->capture_default_str();
  app.add_option("--delay-ms", o->delay_ms, "time each frame is shown")->capture_default_str();
  app.add_option("--seed", *seed, "seed of the latent points (default: random, printed)");
  app.add_flag("--traverse", o->traverse, "write a latent-traversal grid (one row per latent dimension) instead");
  app.add_option("--dims", o->dims, "traversal: rows (latent dimensions from 0); 0 = all (at most 64)");
  app.add_option("--steps", o->steps, "traversal: columns from -range to +range")->capture_default_str();
  app.add_option("--range", o->range, "traversal: how far each dimension moves from 0")->capture_default_str();
  app.add_option("--scale", o->scale, "enlarge N times (nearest neighbour)")->check(CLI::Range(1, 16))->capture_default_str();
  app.add_option("--threads", o->threads, "CPU threads (0 = all cores)");
  app.add_option("--device", o->device, "auto | cpu | cuda | cuda:N");
  app.add_flag("--no-watermark", o->no_watermark, "no invisible watermark (the signed record says so)");
  app.add_option("--class", o->class_name, "conditional models: class name or index (default: every class in turn)");
  return [o, seed] {
    init_runtime(o->threads);
    const uint64_t s = *seed >= 0 ? static_cast<uint64_t>(*seed) : std::random_device{}() & 0x7fffffff;
    return run_interpolate(*o, s, *make_labeler(!o->no_watermark));
  };
}

}  // namespace genlab::cli
