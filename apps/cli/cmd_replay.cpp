// `genlab replay FILE --model MODEL`: regenerates a generated file from its provenance record — the
// checkpoint must be the one the record names (by hash), the seed and sampling settings come from
// the record, the watermark key is the user's — and confirms the content is byte-identical (the
// content hash of the new file, record excluded, equals the record's). Covers what `genlab sample`
// writes (image grids and single images, text files, music .mid/.wav/.png), `genlab interpolate`'s
// walks and traversals, and the sample grids written during training. Exit 0: identical; 9: the replay differs; 1: it could not be run.
#include <fmt/format.h>

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "apps/cli/commands.h"
#include "apps/cli/labels.h"
#include "apps/cli/run_sample.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/models/serialize.h"
#include "genlab/provenance/verify.h"

namespace genlab::cli {
namespace {

constexpr int k_replay_differs = 9;

struct ReplayOptions {
  std::string file;            // the generated file (its record embedded or in a sidecar)
  std::string model;           // run directory or .ckpt that made it
  int threads = 0;             // CPU threads; must match the original run's for identical floats
  std::string device = "auto";
};

// A fresh directory under the system's temporary directory, removed with this object.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "genlab-replay-XXXXXX").string();
    if (!mkdtemp(pattern.data())) fail("cannot create a temporary directory under {}", pattern);
    m_path = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return core::join_path(m_path, name); }

 private:
  std::string m_path;
};

// The `genlab sample` (or `interpolate`) options that wrote the file, and where their replay writes
// its twin.
struct Plan {
  SampleOptions options;
  std::optional<InterpolateOptions> interpolate;
  std::string twin;
};

Plan plan_from_record(const ReplayOptions& o, const provenance::ProvenanceRecord& record, const ScratchDir& scratch) {
  const auto sampling = nlohmann::json::parse(record.sampling);
  const std::string command = sampling.value("command", "");
  Plan p;
  auto& so = p.options;
  so.model = o.model;
  so.threads = o.threads;
  so.device = o.device;
  so.n = sampling.value("n", int64_t{0});
  if (sampling.contains("class")) so.class_name = std::to_string(sampling["class"].get<int64_t>());
  so.output = scratch.file("grid.png");
  p.twin = so.output;
  if (command == "train") return p;  // the step's sample grid: n samples, near-square, scale 1
  if (command == "interpolate") {
    InterpolateOptions io;
    io.model = o.model;
    io.threads = o.threads;
    io.device = o.device;
    io.scale = sampling.value("scale", io.scale);
    io.class_name = so.class_name;
    io.traverse = sampling.value("output", "") == "traversal";
    io.frames = sampling.value("frames", io.frames);
    io.points = sampling.value("points", io.points);
    io.delay_ms = sampling.value("delay_ms", io.delay_ms);
    io.dims = sampling.value("dims", io.dims);
    io.steps = sampling.value("steps", io.steps);
    io.range = sampling.value("range", io.range);
    io.output = scratch.file(io.traverse ? "traversal.png" : "walk.gif");
    p.twin = io.output;
    p.interpolate = io;
    return p;
  }
  if (command != "sample") fail("{}: made by `genlab {}`, which replay does not cover", o.file, command);
  if (sampling.contains("output")) {  // images
    so.cols = sampling.value("cols", 0);
    so.scale = sampling.value("scale", 1);
    if (sampling["output"] == "each") {
      so.each = scratch.file("each");
      p.twin = core::join_path(so.each, fmt::format("sample-{:03d}.png", sampling.value("index", 0)));
    }
    return p;
  }
  struct_from_json(so.text.sampler, sampling);
  if (sampling.contains("seconds")) {  // music: one file of a run; its seed is the record's
    so.n = 1;
    so.music.seconds = sampling["seconds"].get<double>();
    so.music.primer = sampling.value("primer", "");
    so.music.max_note_seconds = sampling.value("max_note_seconds", 0.0);  // records before the cap decoded without
    const std::string ext = std::filesystem::path(o.file).extension().string();
    so.music.no_audio = ext != ".wav";
    so.output = scratch.file("music");
    p.twin = core::join_path(so.output, "sample-000" + ext);
    return p;
  }
  if (!record.prompt_length) fail("{}: the record has no prompt length; it was not written by `genlab sample` for text", o.file);
  const std::string text = core::read_file(o.file);
  if (*record.prompt_length > static_cast<int64_t>(text.size()))
    fail("{}: the record's prompt length {} exceeds the file's {} bytes", o.file, *record.prompt_length, text.size());
  so.text.prompt = text.substr(0, static_cast<size_t>(*record.prompt_length));
  so.text.max_tokens = sampling.value("max_tokens", so.text.max_tokens);
  so.text.stop = sampling.value("stop", std::vector<std::string>{});
  so.text.no_kv_cache = !sampling.value("kv_cache", true);
  so.output = scratch.file("sample.txt");
  p.twin = so.output;
  return p;
}

int replay(const ReplayOptions& o) {
  const auto verdict = provenance::verify_file(o.file);
  if (verdict.status != provenance::VerifyStatus::signed_intact)
    fail("{}: replay needs an intact signed record ({})", o.file, verdict.message);
  const auto& record = *verdict.record;
  const std::string checkpoint = core::resolve_checkpoint(o.model);
  const std::string hash = provenance::file_hash(checkpoint);
  if (hash != record.checkpoint_hash)
    fail("{}: not the checkpoint that made {} (its hash {}, the record's {})", checkpoint, o.file, hash.substr(0, 12),
         record.checkpoint_hash.substr(0, 12));

  const auto watermark = nlohmann::json::parse(record.watermark);
  const auto labeler = make_labeler(watermark.value("enabled", false));
  struct_from_json(labeler->text_params, watermark);
  struct_from_json(labeler->image_params, watermark);
  const ScratchDir scratch;
  Plan plan = plan_from_record(o, record, scratch);
  plan.options.no_watermark = !labeler->watermarking();
  init_runtime(o.threads);
  fmt::print("replaying {}: {}, checkpoint {}, seed {}\n", o.file, record.model_family, checkpoint, record.seed);
  const int code = plan.interpolate ? run_interpolate(*plan.interpolate, record.seed, *labeler)
                                    : run_sample(plan.options, record.seed, *labeler);
  if (code != 0) return code;

  const auto twin = provenance::verify_file(plan.twin);
  const std::string twin_hash = twin.record ? twin.record->content_hash : "";
  if (twin_hash == record.content_hash) {
    fmt::print("{}: replayed: byte-identical content (BLAKE2b-256 {}) from its record\n", o.file,
               record.content_hash.substr(0, 16));
    return 0;
  }
  const bool other_signer = provenance::to_hex(labeler->key().public_key.data(), labeler->key().public_key.size()) != record.signer;
  fmt::print("{}: replay DIFFERS: content hash {} regenerated, {} in the record{}\n", o.file, twin_hash.substr(0, 16),
             record.content_hash.substr(0, 16),
             other_signer && labeler->watermarking()
                 ? " (signed by another key: its watermark key is not yours, so watermarked content cannot match)"
                 : " (was it made with another thread count or device?)");
  return k_replay_differs;
}

}  // namespace

Runner setup_replay(CLI::App& app) {
  auto o = std::make_shared<ReplayOptions>();
  app.add_option("file", o->file, "generated file (PNG, text with its .prov.json, MIDI, WAV)")->required();
  app.add_option("--model", o->model, "run directory or .ckpt that made it (checked against the record)")->required();
  app.add_option("--threads", o->threads, "CPU threads (0 = all cores; use the original run's count)");
  app.add_option("--device", o->device, "auto | cpu | cuda | cuda:N");
  return [o] { return replay(*o); };
}

}  // namespace genlab::cli
