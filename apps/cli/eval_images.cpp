// Image evaluation for `genlab eval` (see eval_images.h).
#include "apps/cli/eval_images.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "apps/cli/labels.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/hash.h"
#include "genlab/core/fs.h"
#include "genlab/core/progress.h"
#include "genlab/data/idx.h"
#include "genlab/eval/image_metrics.h"
#include "genlab/image/grid.h"
#include "genlab/image/png.h"
#include "genlab/image/tensor_image.h"
#include "genlab/models/classifier.h"
#include "genlab/models/registry.h"
#include "genlab/train/launch.h"

namespace genlab::cli {
namespace {

constexpr int64_t k_chunk = 500;  // images per forward pass
constexpr int64_t k_closest = 8;  // closest (sample, training image) pairs drawn
constexpr int64_t k_reconstructions = 32;               // (test image, reconstruction) pairs drawn
constexpr int64_t k_reconstruction_pairs_per_row = 4;
constexpr int64_t k_knn = 3;      // k of the precision/recall manifolds (Kynkäänniemi et al.)

struct ImageSet {
  torch::Tensor images;  // (N, C, H, W) float in [0, 1], CPU
  torch::Tensor labels;  // (N) int64, or undefined
  std::string source;
};

void note(const std::string& what) { fmt::print(stderr, "genlab: eval: {}\n", what); }

// Every training image of the run's data, as training saw them (one epoch, in the seeded order).
ImageSet training_images(const data::Dataset& ds) {
  data::Cursor cursor;
  std::vector<torch::Tensor> xs, ys;
  const int64_t steps = std::max<int64_t>(1, ds.steps_per_epoch(k_chunk));
  for (int64_t i = 0; i < steps; ++i) {
    auto b = ds.next_batch(cursor, std::min<int64_t>(k_chunk, ds.info().train_examples), torch::kCPU);
    xs.push_back(b.x);
    if (b.y.defined()) ys.push_back(b.y);
  }
  return {torch::cat(xs), ys.empty() ? torch::Tensor() : torch::cat(ys), ds.info().source + ", training split"};
}

torch::Tensor idx_images(const std::string& path) {
  data::IdxArray a = data::read_idx(path);
  if (a.dims.size() != 3) fail("{}: expected 3 dimensions (N, H, W), got {}", path, a.dims.size());
  return torch::from_blob(a.data.data(), {a.dims[0], 1, a.dims[1], a.dims[2]}, torch::kUInt8).to(torch::kFloat32) / 255;
}

// The reference real images: the official test set when the data is a train-images IDX file with a
// t10k-images sibling (Fashion-MNIST, MNIST), else the run's held-out split.
ImageSet test_images(const std::string& data_path, const data::Dataset& ds) {
  if (const auto pos = data_path.find("train-images-idx3"); pos != std::string::npos) {
    std::string images = data_path, labels = data_path;
    images.replace(pos, 5, "t10k");
    labels.replace(pos, 17, "t10k-labels-idx1");
    if (core::path_exists(images)) {
      ImageSet set{idx_images(images), {}, images};
      if (core::path_exists(labels)) {
        data::IdxArray l = data::read_idx(labels);
        set.labels = torch::from_blob(l.data.data(), {static_cast<int64_t>(l.data.size())}, torch::kUInt8).to(torch::kInt64);
      }
      return set;
    }
  }
  std::vector<torch::Tensor> xs, ys;
  for (auto& b : ds.val_batches(k_chunk, 0, torch::kCPU)) {
    xs.push_back(b.x);
    if (b.y.defined()) ys.push_back(b.y);
  }
  if (xs.empty()) fail("{}: no held-out images to compare with; set data.val_fraction > 0", data_path);
  return {torch::cat(xs), ys.empty() ? torch::Tensor() : torch::cat(ys), ds.info().source + ", held-out split"};
}

// Images at the evaluator's size: equal sizes pass, larger ones are centre-cropped (DCGAN's 32x32
// loses the 2-pixel padding it added to 28x28 data); smaller ones or other channel counts are refused.
torch::Tensor fit_to(const torch::Tensor& x, const models::ClassifierConfig& c) {
  if (x.size(1) != c.channels) fail("images have {} channels; the evaluator takes {}", x.size(1), c.channels);
  if (x.size(2) < c.height || x.size(3) < c.width)
    fail("images of {}x{} are smaller than the evaluator's {}x{}", x.size(2), x.size(3), c.height, c.width);
  return x.narrow(2, (x.size(2) - c.height) / 2, c.height).narrow(3, (x.size(3) - c.width) / 2, c.width);
}

struct Evaluated {
  torch::Tensor features;   // (N, D) float32, CPU
  torch::Tensor predicted;  // (N) int64
};

Evaluated evaluate(models::Classifier& c, const torch::Tensor& images, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> fs, ps;
  for (int64_t i = 0; i < images.size(0); i += k_chunk) {
    const auto x = fit_to(images.narrow(0, i, std::min(k_chunk, images.size(0) - i)), c.config).to(device);
    const auto f = c.net->features(x);
    fs.push_back(f.to(torch::kCPU));
    ps.push_back(c.net->logits(f).argmax(1).to(torch::kCPU));
  }
  return {torch::cat(fs), torch::cat(ps)};
}

double accuracy(const torch::Tensor& predicted, const torch::Tensor& labels) {
  return predicted.eq(labels).to(torch::kFloat64).mean().item<double>();
}

// n samples in chunks (chunk k drawn with seed + k); class_index as in SampleRequest.
torch::Tensor generate(models::Model& model, int64_t n, uint64_t seed, int64_t class_index = -1) {
  std::vector<torch::Tensor> out;
  for (int64_t i = 0, k = 0; i < n; i += k_chunk, ++k) {
    models::SampleRequest r;
    r.n = std::min(k_chunk, n - i);
    r.seed = seed + static_cast<uint64_t>(k);
    r.class_index = class_index;
    out.push_back(model.sample(r).images);
  }
  return torch::cat(out);
}

// Conditional models: for each class, the share of n / classes samples requested as that class
// which the evaluator classifies as it, beside its accuracy on the real test images of that class.
nlohmann::ordered_json conditional_accuracy(models::Model& model, models::Classifier& evaluator, const ImageSet& test,
                                            int64_t n, uint64_t seed, const std::vector<std::string>& names,
                                            const torch::Device& device) {
  const int64_t classes = model.classes(), per_class = std::max<int64_t>(1, n / classes);
  fmt::print("conditional samples ({} per class) classified as the requested class, and real test images of the "
             "class classified correctly:\n  {:<14} {:>10} {:>10}\n",
             per_class, "class", "generated", "real");
  nlohmann::ordered_json rows = nlohmann::json::array();
  double gen_sum = 0, real_sum = 0;
  for (int64_t c = 0; c < classes; ++c) {
    const auto predicted = evaluate(evaluator, generate(model, per_class, seed + 1000 * static_cast<uint64_t>(c), c), device).predicted;
    const double gen = predicted.eq(c).to(torch::kFloat64).mean().item<double>();
    const auto mask = test.labels.eq(c);
    const double real = mask.any().item<bool>()
                            ? accuracy(evaluate(evaluator, test.images.index({mask}), device).predicted,
                                       test.labels.index({mask}))
                            : 0.0;
    gen_sum += gen;
    real_sum += real;
    const std::string name = c < static_cast<int64_t>(names.size()) ? names[c] : std::to_string(c);
    fmt::print("  {:<14} {:>9.1f}% {:>9.1f}%\n", name, 100 * gen, 100 * real);
    rows.push_back({{"class", name}, {"generated", gen}, {"real", real}});
  }
  const double gen_macro = gen_sum / static_cast<double>(classes), real_macro = real_sum / static_cast<double>(classes);
  const double ratio = real_macro > 0 ? gen_macro / real_macro : 0;
  fmt::print("  {:<14} {:>9.1f}% {:>9.1f}%   ratio {:.3f} (target >= 0.9: {})\n", "macro average", 100 * gen_macro,
             100 * real_macro, ratio, ratio >= 0.9 ? "met" : "NOT met");
  return {{"per_class", rows}, {"per_class_n", per_class}, {"generated_macro", gen_macro}, {"real_macro", real_macro},
          {"ratio", ratio}};
}

std::string fashion_default() { return models::find_family("classifier").default_data; }

// The evaluator: --evaluator, or the default one, trained here first when missing (into a
// temporary directory renamed into place when done, so an interrupted training leaves nothing).
models::OpenedModel open_evaluator(const ImageEvalOptions& o, const std::string& data_path, const torch::Device& device) {
  std::string path = o.evaluator;
  if (path.empty()) {
    if (data_path != fashion_default())
      fail("{}: the default evaluator is a Fashion-MNIST classifier; train one for this data with `genlab train "
           "classifier --data {} --run DIR` and pass --evaluator DIR",
           data_path, data_path);
    path = default_evaluator_dir();
    if (!core::path_exists(path)) {
      const std::string partial = path + ".partial";
      note("training the image evaluator once (a Fashion-MNIST classifier, a few minutes) into " + path);
      train::LaunchRequest r;
      r.family = "classifier";
      r.run_dir = partial;
      r.force = true;
      r.threads = o.threads;
      r.options.tty = core::Progress::stderr_is_tty();
      train::launch_training(r);
      core::create_directories(core::parent_path(path));
      std::filesystem::rename(partial, path);
    }
  }
  auto ev = models::open_model(path, device);
  if (ev.model->family() != "classifier") fail("{}: --evaluator must be a classifier run, not {}", path, ev.model->family());
  return ev;
}

nlohmann::ordered_json manifold_json(const eval::ManifoldFigures& m) {
  return {{"precision", m.precision}, {"recall", m.recall}, {"density", m.density}, {"coverage", m.coverage}};
}

std::vector<double> quantiles(torch::Tensor d) {
  d = std::get<0>(d.to(torch::kFloat64).sort());
  std::vector<double> q;
  for (double p : {0.05, 0.5, 0.95}) q.push_back(d[static_cast<int64_t>(p * static_cast<double>(d.size(0) - 1))].item<double>());
  return q;
}

// Pairs (sample | its nearest training image) for the k closest samples, one pair per row.
Image closest_pairs(const torch::Tensor& samples, const torch::Tensor& train, const eval::Nearest& nn) {
  const auto order = std::get<1>(nn.distance.sort());
  std::vector<Image> cells;
  for (int64_t i = 0; i < std::min<int64_t>(k_closest, order.size(0)); ++i) {
    const int64_t s = order[i].item<int64_t>();
    cells.push_back(image::to_images(samples[s].unsqueeze(0))[0]);
    cells.push_back(image::to_images(train[nn.index[s].item<int64_t>()].unsqueeze(0))[0]);
  }
  return image::upscale(image::tile(cells, 2), 3);
}

// Pairs (test image | its reconstruction), four pairs per row.
Image reconstruction_pairs(const torch::Tensor& images, const torch::Tensor& recon) {
  std::vector<Image> cells;
  const auto in = image::to_images(images), out = image::to_images(recon);
  for (size_t i = 0; i < in.size(); ++i) {
    cells.push_back(in[i]);
    cells.push_back(out[i]);
  }
  return image::upscale(image::tile(cells, 2 * k_reconstruction_pairs_per_row), 3);
}

std::string html_report(const nlohmann::ordered_json& r, const std::vector<std::string>& class_names) {
  std::string rows;
  auto row = [&](const std::string& what, const std::string& value) {
    rows += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", what, value);
  };
  const auto& f = r["fcd"];
  row("FCD, generated vs test", fmt::format("<b>{:.3f}</b>", f["generated"].get<double>()));
  row("FCD floor (training vs test images)", fmt::format("{:.3f}", f["floor"].get<double>()));
  row("FCD of the untrained generator", fmt::format("{:.3f}", f["untrained"].get<double>()));
  for (const auto& [key, value] : r["manifold"]["generated"].items())
    row(key + " (k = 3)", fmt::format("{:.3f}", value.get<double>()));
  const auto& o = r["originality"];
  row("likely copies (closer to a training image than any test image is)",
      fmt::format("{} of {}", o["likely_copies"].get<int64_t>(), r["n"].get<int64_t>()));
  std::string bars;
  if (r.contains("class_balance")) {
    const auto& cb = r["class_balance"];
    row("class balance: total variation vs training labels", fmt::format("{:.3f}", cb["total_variation"].get<double>()));
    for (size_t c = 0; c < cb["generated"].size(); ++c) {
      const double g = cb["generated"][c].get<double>(), t = cb["reference"][c].get<double>();
      bars += fmt::format(
          "<tr><td>{}</td><td><div style='background:#46a;width:{:.0f}px'>&nbsp;</div>{:.1f} %</td><td><div "
          "style='background:#aaa;width:{:.0f}px'>&nbsp;</div>{:.1f} %</td></tr>\n",
          c < class_names.size() ? class_names[c] : std::to_string(c), 1000 * g, 100 * g, 1000 * t, 100 * t);
    }
  }
  std::string reconstructions;
  if (r.contains("reconstruction")) {
    const auto& rc = r["reconstruction"];
    reconstructions = fmt::format(
        "<h2>Reconstructions</h2><p>Test image | its reconstruction. Mean squared error per pixel {:.5f} (PSNR {:.2f} dB) "
        "over {} test images.</p><img src='reconstructions.png'>\n",
        rc["mse_per_pixel"].get<double>(), rc["psnr_db"].get<double>(), rc["images"].get<int64_t>());
  }
  return fmt::format(
      "<!doctype html><html><head><meta charset='utf-8'><title>genlab eval: {0}</title><style>body{{font-family:sans-serif;"
      "max-width:60em;margin:2em auto}}td{{padding:2px 12px}}</style></head><body><h1>genlab eval: {0}</h1>\n"
      "<p>{1}, {2} generated images (seed {3}) against {4}; evaluator {5} (test accuracy {6:.1f} %). FCD compares "
      "only at the same N.</p>\n<table>\n{7}</table>\n<h2>Samples</h2><img src='samples.png'>\n"
      "<h2>Closest to a training image</h2><p>Sample | nearest training image, the closest first.</p>"
      "<img src='closest.png'>\n{9}<h2>Class balance</h2><table><tr><th>class</th><th>generated</th><th>training"
      "</th></tr>\n{8}</table></body></html>\n",
      r["model"].get<std::string>(), r["family"].get<std::string>(), r["n"].get<int64_t>(), r["seed"].get<uint64_t>(),
      r["reference"].get<std::string>(), r["evaluator"].get<std::string>(), 100 * r["evaluator_accuracy"].get<double>(),
      rows, bars, reconstructions);
}

}  // namespace

// The name carries the recipe's version (v2: 10 epochs), so a changed recipe trains afresh instead of
// reusing an evaluator made the old way.
std::string default_evaluator_dir() {
  return core::join_path(core::user_cache_dir("evaluator"), "evaluators/fashion-mnist-v2");
}

int eval_images(models::OpenedModel& opened, const std::string& model_path, const data::DataConfig& dc,
                const std::string& default_data, const ImageEvalOptions& o, const torch::Device& device) {
  if (o.n < 2 * k_knn) fail("--samples {}: image evaluation needs at least {} images", o.n, 2 * k_knn);
  const std::string data_path = dc.path.empty() ? default_data : dc.path;
  auto evaluator = open_evaluator(o, data_path, device);
  auto& classifier = dynamic_cast<models::Classifier&>(*evaluator.model);
  const auto ds = data::open_dataset(dc, data::Modality::image, default_data, 0);
  note("reading the training and test images");
  const ImageSet train = training_images(*ds);
  const ImageSet test = test_images(data_path, *ds);
  const int64_t n = std::min({o.n, train.images.size(0), test.images.size(0)});
  if (n < o.n) note(fmt::format("only {} real images per set: N = {}", n, n));
  auto perm_gen = backend::make_cpu_generator(o.seed);
  const auto train_sub = train.images.index_select(0, torch::randperm(train.images.size(0), perm_gen).narrow(0, 0, n));
  const auto test_sub = test.images.narrow(0, 0, n);

  note(fmt::format("sampling {} images from the model and from an untrained one", n));
  const auto generated = generate(*opened.model, n, o.seed);
  torch::manual_seed(o.seed);
  auto untrained = models::build_from_header(*opened.archive);
  untrained->to(device);
  untrained->train(false);
  const auto untrained_images = generate(*untrained, n, o.seed);

  note("evaluator features");
  const Evaluated e_gen = evaluate(classifier, generated, device), e_test = evaluate(classifier, test_sub, device);
  const Evaluated e_train = evaluate(classifier, train_sub, device), e_untrained = evaluate(classifier, untrained_images, device);
  const Evaluated e_all_test = evaluate(classifier, test.images, device);
  const auto g_test = eval::fit_gaussian(e_test.features);
  const double fcd = eval::frechet_distance(eval::fit_gaussian(e_gen.features), g_test);
  const double floor = eval::frechet_distance(eval::fit_gaussian(e_train.features), g_test);
  const double fcd_untrained = eval::frechet_distance(eval::fit_gaussian(e_untrained.features), g_test);
  const auto pr = eval::manifold_figures(e_test.features, e_gen.features, k_knn);
  const auto pr_floor = eval::manifold_figures(e_test.features, e_train.features, k_knn);
  const auto pr_untrained = eval::manifold_figures(e_test.features, e_untrained.features, k_knn);

  note("nearest training images");
  const auto& ec = classifier.config;
  const auto train_flat = fit_to(train.images, ec).reshape({train.images.size(0), -1});
  const auto nn_gen = eval::nearest_neighbours(fit_to(generated, ec).reshape({n, -1}), train_flat);
  const auto nn_test = eval::nearest_neighbours(fit_to(test_sub, ec).reshape({n, -1}), train_flat);
  const double copy_threshold = nn_test.distance.min().item<double>();
  const int64_t copies = nn_gen.distance.lt(copy_threshold).sum().item<int64_t>();
  const auto q_gen = quantiles(nn_gen.distance), q_test = quantiles(nn_test.distance);

  nlohmann::ordered_json r = {
      {"model", model_path},
      {"family", opened.model->family()},
      {"n", n},
      {"seed", o.seed},
      {"reference", test.source},
      {"evaluator", evaluator.archive->path()},
      {"evaluator_accuracy", test.labels.defined() ? accuracy(e_all_test.predicted, test.labels) : 0.0},
      {"fcd", {{"generated", fcd}, {"floor", floor}, {"untrained", fcd_untrained}}},
      {"manifold",
       {{"generated", manifold_json(pr)}, {"floor", manifold_json(pr_floor)}, {"untrained", manifold_json(pr_untrained)}}},
      {"originality",
       {{"nearest_train_distance_generated_q05_q50_q95", q_gen},
        {"nearest_train_distance_test_q05_q50_q95", q_test},
        {"copy_threshold", copy_threshold},
        {"likely_copies", copies}}}};
  fmt::print("{} ({}), N = {} generated images (seed {}) against {}\n", model_path, opened.model->family(), n, o.seed,
             test.source);
  fmt::print("evaluator {}: test accuracy {:.2f} %\n", evaluator.archive->path(),
             100 * r["evaluator_accuracy"].get<double>());
  fmt::print("  {:<34} {:>10} {:>10} {:>10}\n", "", "generated", "floor", "untrained");
  fmt::print("  {:<34} {:>10.3f} {:>10.3f} {:>10.3f}\n", "FCD (vs test)", fcd, floor, fcd_untrained);
  fmt::print("  {:<34} {:>10.3f} {:>10.3f} {:>10.3f}\n", "precision (k = 3)", pr.precision, pr_floor.precision, pr_untrained.precision);
  fmt::print("  {:<34} {:>10.3f} {:>10.3f} {:>10.3f}\n", "recall", pr.recall, pr_floor.recall, pr_untrained.recall);
  fmt::print("  {:<34} {:>10.3f} {:>10.3f} {:>10.3f}\n", "density", pr.density, pr_floor.density, pr_untrained.density);
  fmt::print("  {:<34} {:>10.3f} {:>10.3f} {:>10.3f}\n", "coverage", pr.coverage, pr_floor.coverage, pr_untrained.coverage);
  if (train.labels.defined()) {
    const int64_t classes = ec.classes;
    const auto cb = eval::class_balance(e_gen.predicted, train.labels, classes);
    r["class_balance"] = {{"generated", cb.generated}, {"reference", cb.reference}, {"total_variation", cb.total_variation}};
    fmt::print("class balance (evaluator's classes of the samples vs training labels): total variation {:.3f}\n",
               cb.total_variation);
    for (int64_t c = 0; c < classes; ++c)
      fmt::print("  {:<14} {:>6.1f} %  {:>6.1f} %\n",
                 c < static_cast<int64_t>(opened.data.class_names.size()) ? opened.data.class_names[c] : std::to_string(c),
                 100 * cb.generated[c], 100 * cb.reference[c]);
  }
  fmt::print("originality: distance to the nearest training image (pixels in [0, 1]), 5/50/95 %: samples {:.2f} / "
             "{:.2f} / {:.2f}, test images {:.2f} / {:.2f} / {:.2f}\n",
             q_gen[0], q_gen[1], q_gen[2], q_test[0], q_test[1], q_test[2]);
  fmt::print("  likely copies (closer than any test image is, {:.3f}): {} of {}\n", copy_threshold, copies, n);

  if (opened.model->classes() > 0 && test.labels.defined())
    r["conditional"] = conditional_accuracy(*opened.model, classifier, test, n, o.seed, opened.data.class_names, device);

  std::map<std::string, double> held_out;
  int64_t batches = 0;
  torch::Generator rng = backend::make_cpu_generator(o.seed);
  for (int64_t i = 0; i < test.images.size(0); i += k_chunk, ++batches) {
    data::Batch b;
    b.x = test.images.narrow(0, i, std::min(k_chunk, test.images.size(0) - i)).to(device);
    if (test.labels.defined()) b.y = test.labels.narrow(0, i, b.x.size(0)).to(device);
    for (const auto& [name, value] : opened.model->eval_step(b, rng)) held_out[name] += value;
  }
  for (auto& [name, value] : held_out) value /= static_cast<double>(batches);
  r["held_out"] = held_out;
  std::string line;
  for (const auto& [name, value] : held_out) line += fmt::format(" {} {:.4f}", name, value);
  fmt::print("the model's own held-out figures on the {} reference images:{}\n", test.images.size(0), line);

  // Autoencoders: reconstruction error over the reference images, and the first ones as pairs.
  torch::Tensor shown, shown_recon;
  {
    double squared = 0;
    for (int64_t i = 0; i < test.images.size(0); i += k_chunk) {
      const auto x = test.images.narrow(0, i, std::min(k_chunk, test.images.size(0) - i));
      torch::Tensor y;
      if (test.labels.defined()) y = test.labels.narrow(0, i, x.size(0)).to(device);
      const auto recon = opened.model->reconstruct(x.to(device), y);
      if (!recon.defined()) break;
      squared += (recon.to(torch::kFloat64) - x.to(torch::kFloat64)).pow(2).sum().item<double>();
      if (i == 0) {
        shown = x.narrow(0, 0, std::min(k_reconstructions, x.size(0)));
        shown_recon = recon.narrow(0, 0, shown.size(0));
      }
    }
    if (shown.defined()) {
      const double mse = squared / static_cast<double>(test.images.numel());
      r["reconstruction"] = {{"images", test.images.size(0)}, {"mse_per_pixel", mse}, {"psnr_db", 10 * std::log10(1.0 / mse)}};
      fmt::print("reconstructions of the {} reference images: mean squared error per pixel {:.5f} (pixels in [0, 1]; "
                 "PSNR {:.2f} dB)\n",
                 test.images.size(0), mse, 10 * std::log10(1.0 / mse));
    }
  }

  const std::string dir = !o.report_dir.empty() ? o.report_dir
                          : core::is_directory(model_path) ? core::join_path(model_path, "eval")
                                                           : "eval-" + core::file_name(model_path);
  core::create_directories(dir);
  const auto labeler = make_labeler(true);
  provenance::ProvenanceRecord record;
  record.model_family = opened.model->family();
  record.checkpoint_hash = core::to_hex(opened.archive->file_digest());
  record.seed = o.seed;
  record.sampling = nlohmann::json{{"command", "eval"}, {"model", model_path}, {"n", n}}.dump();
  record.watermark = labeler->image_watermark_json();
  const std::string samples_png = core::join_path(dir, "samples.png"), closest_png = core::join_path(dir, "closest.png");
  image::write_png(samples_png, labeler->mark(image::upscale(image::tile(image::to_images(generated.narrow(0, 0, std::min<int64_t>(64, n)))), 3)));
  labeler->sign(samples_png, record);
  image::write_png(closest_png, labeler->mark(closest_pairs(fit_to(generated, ec), fit_to(train.images, ec), nn_gen)));
  labeler->sign(closest_png, record);
  std::string pictures = "samples.png and " + dir + "/closest.png";
  if (shown.defined()) {
    const std::string recon_png = core::join_path(dir, "reconstructions.png");
    image::write_png(recon_png, labeler->mark(reconstruction_pairs(shown, shown_recon)));
    labeler->sign(recon_png, record);
    pictures = "samples.png, " + dir + "/closest.png and " + dir + "/reconstructions.png";
  }
  core::write_file_atomic(core::join_path(dir, "report.json"), r.dump(2) + "\n");
  core::write_file_atomic(core::join_path(dir, "report.html"), html_report(r, opened.data.class_names));
  if (!o.json.empty()) core::write_file_atomic(o.json, r.dump(2) + "\n");
  fmt::print("wrote {0}/report.html, {0}/report.json, {0}/{1} (signed)\n", dir, pictures);
  return 0;
}

}  // namespace genlab::cli
