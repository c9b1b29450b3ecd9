// `genlab sample` (see run_sample.h).
#include "apps/cli/run_sample.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "apps/cli/labels.h"
#include "apps/cli/sample_music.h"
#include "apps/cli/sample_text.h"
#include "genlab/backend/device.h"
#include "genlab/backend/runtime.h"
#include "genlab/core/check.h"
#include "genlab/core/hash.h"
#include "genlab/core/fs.h"
#include "genlab/image/grid.h"
#include "genlab/image/png.h"
#include "genlab/image/tensor_image.h"
#include "genlab/models/serialize.h"

namespace genlab::cli {
namespace {

std::string default_output(const SampleOptions& o, int64_t step, uint64_t seed) {
  const std::string name = fmt::format("sample-step{:06d}-seed{}.png", step, seed);
  if (core::is_directory(o.model)) return core::join_path(core::join_path(o.model, "samples"), name);
  return name;
}

}  // namespace

int64_t resolve_class(const std::string& class_name, const models::Model& model, const data::DataInfo& data) {
  if (class_name.empty()) return -1;
  const int64_t classes = model.classes();
  if (classes == 0)
    fail("--class {}: this {} model is not class-conditional; train one with --set model.conditional=true", class_name,
         model.family());
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  if (std::all_of(class_name.begin(), class_name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    const int64_t index = std::stoll(class_name);
    if (index >= classes) fail("--class {}: the model has classes 0..{}", class_name, classes - 1);
    return index;
  }
  std::string known;
  for (size_t i = 0; i < data.class_names.size(); ++i) {
    const std::string name = lower(data.class_names[i]);
    const std::string want = lower(class_name);
    if (name == want || name.substr(0, name.find('/')) == want) return static_cast<int64_t>(i);
    known += (i ? ", " : "") + data.class_names[i];
  }
  fail("--class {}: no such class; known: {}", class_name, known.empty() ? fmt::format("0..{}", classes - 1) : known);
}

int run_sample(const SampleOptions& o, uint64_t seed, const provenance::Labeler& labeler) {
  auto opened = models::open_model(o.model, backend::choose_device(o.device));
  const int64_t step = opened.archive->header().value("step", int64_t{0});
  provenance::ProvenanceRecord record;
  record.model_family = opened.model->family();
  record.checkpoint_hash = core::to_hex(opened.archive->file_digest());
  record.seed = seed;
  if (opened.data.modality == data::Modality::music) {
    sample::validate(o.text.sampler);
    const std::string dir =
        !o.output.empty()           ? o.output
        : core::is_directory(o.model) ? core::join_path(core::join_path(o.model, "samples"),
                                                        fmt::format("music-step{:06d}-seed{}", step, seed))
                                      : fmt::format("music-seed{}", seed);
    return sample_music(opened, o.music, o.text.sampler, o.n > 0 ? o.n : 1, seed, dir, labeler, record, o.model);
  }
  if (opened.data.tokenizer) {
    sample::validate(o.text.sampler);
    record.watermark = labeler.text_watermark_json();
    backend::use_one_thread_for_decoding();
    return sample_text([&](const models::DecoderOptions& d) { return opened.model->decoder(d); },
                       *opened.data.tokenizer, o.text, o.n > 0 ? o.n : 1, seed, o.output, labeler, record, o.model);
  }
  models::SampleRequest request;
  request.n = o.n > 0 ? o.n : 64;
  request.seed = seed;
  request.class_index = resolve_class(o.class_name, *opened.model, opened.data);
  auto samples = opened.model->sample(request);
  if (!samples.images.defined()) fail("{}: family '{}' does not generate images", o.model, opened.model->family());
  const auto images = image::to_images(samples.images);
  record.watermark = labeler.image_watermark_json();
  // Each written file is watermarked as a whole, then signed.
  auto write_labelled = [&](const std::string& path, const Image& img, nlohmann::json sampling) {
    sampling["model"] = o.model;
    sampling["n"] = request.n;
    if (request.class_index >= 0) sampling["class"] = request.class_index;
    record.sampling = sampling.dump();
    image::write_png(path, labeler.mark(img));
    labeler.sign(path, record);
  };

  const std::string grid_path = o.output.empty() ? default_output(o, step, seed) : o.output;
  write_labelled(grid_path, image::upscale(image::tile(images, o.cols), o.scale),
                 {{"command", "sample"}, {"output", "grid"}, {"cols", o.cols}, {"scale", o.scale}});
  fmt::print("wrote {} ({} samples, seed {}, {} step {}; signed{})\n", grid_path, images.size(), seed,
             opened.model->family(), step, labeler.watermarking() ? ", watermarked" : "");
  if (!o.each.empty()) {
    core::create_directories(o.each);
    for (size_t i = 0; i < images.size(); ++i)
      write_labelled(core::join_path(o.each, fmt::format("sample-{:03d}.png", i)), images[i],
                     {{"command", "sample"}, {"output", "each"}, {"index", i}});
    fmt::print("wrote {} PNG files to {}/\n", images.size(), o.each);
  }
  return 0;
}

}  // namespace genlab::cli
