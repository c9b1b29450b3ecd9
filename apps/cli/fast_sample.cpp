// Torch-free `genlab sample` for GPT checkpoints (see fast_sample.h).
#include "apps/cli/fast_sample.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "apps/cli/labels.h"
#include "apps/cli/sample_options.h"
#include "apps/cli/sample_text.h"
#include "genlab/core/base64.h"
#include "genlab/core/checkpoint_file.h"
#include "genlab/core/config.h"
#include "genlab/core/error.h"
#include "genlab/models/gpt_config.h"
#include "genlab/nn/gpt_cpu.h"

namespace genlab::cli {
namespace {

// Whether LibTorch's "auto" device could be a GPU in this build (then only --device cpu is ours).
#ifdef GENLAB_TORCH_CUDA
constexpr bool k_auto_is_cpu = false;
#else
constexpr bool k_auto_is_cpu = true;
#endif

struct NotOurs {};  // the full program should handle this command line

// A GPT checkpoint opened without LibTorch: its config, tokenizer and weights in the mapping.
struct MappedGpt {
  std::unique_ptr<core::CheckpointFile> file;
  nn::GptShape shape;
  nn::GptWeights weights;
  std::unique_ptr<text::Tokenizer> tokenizer;
};

// The float32 tensor `key` of the given shape, in place; NotOurs when absent or different.
const float* tensor(const core::CheckpointFile& file, const std::string& key, const std::vector<int64_t>& shape,
                    bool optional = false) {
  const core::StoredTensor* t = file.find("model.gpt." + key);
  if (!t && optional) return nullptr;
  if (!t || t->dtype != "float32" || t->shape != shape) throw NotOurs{};
  return static_cast<const float*>(file.data(*t));
}

MappedGpt open_gpt(const std::string& model) {
  MappedGpt m;
  const std::string path = core::resolve_checkpoint(model);
  if (core::peek_checkpoint_header(path).value("family", "") != "gpt") throw NotOurs{};  // before the checksum pass
  m.file = std::make_unique<core::CheckpointFile>(path);
  const auto& h = m.file->header();
  if (m.file->version() < 2 || h.value("family", "") != "gpt" || !h.contains("config") || !h.contains("data"))
    throw NotOurs{};
  const auto& data = h["data"];
  if (data.value("modality", "image") != "text" || !data.contains("tokenizer")) throw NotOurs{};
  core::Settings settings;
  settings.load_toml_string(h["config"].get<std::string>(), m.file->path() + " (embedded config)");
  models::GptConfig c;
  settings.bind("model", c);
  m.tokenizer = text::load_tokenizer(core::base64_decode(data["tokenizer"].get<std::string>(), "data.tokenizer"));
  if (c.vocab_size != m.tokenizer->vocab_size() || c.n_head <= 0 || c.n_embd % c.n_head != 0 || c.block_size <= 0)
    throw NotOurs{};
  m.shape = {c.n_layer, c.n_head, c.n_embd, c.block_size, c.vocab_size};
  const int64_t n = c.n_embd;
  const bool b = c.bias;
  auto& w = m.weights;
  w.wte = tensor(*m.file, "wte.weight", {c.vocab_size, n});
  w.wpe = tensor(*m.file, "wpe.weight", {c.block_size, n});
  for (int64_t i = 0; i < c.n_layer; ++i) {
    const std::string p = fmt::format("h.{}.", i);
    auto bias = [&](const std::string& key, int64_t size) {
      const float* v = tensor(*m.file, p + key, {size}, true);
      if (b != (v != nullptr)) throw NotOurs{};
      return v;
    };
    w.blocks.push_back({tensor(*m.file, p + "ln_1.weight", {n}), tensor(*m.file, p + "ln_1.bias", {n}),
                        tensor(*m.file, p + "attn.c_attn.weight", {3 * n, n}), bias("attn.c_attn.bias", 3 * n),
                        tensor(*m.file, p + "attn.c_proj.weight", {n, n}), bias("attn.c_proj.bias", n),
                        tensor(*m.file, p + "ln_2.weight", {n}), tensor(*m.file, p + "ln_2.bias", {n}),
                        tensor(*m.file, p + "c_fc.weight", {4 * n, n}), bias("c_fc.bias", 4 * n),
                        tensor(*m.file, p + "c_proj.weight", {n, 4 * n}), bias("c_proj.bias", n)});
  }
  w.ln_f_w = tensor(*m.file, "ln_f.weight", {n});
  w.ln_f_b = tensor(*m.file, "ln_f.bias", {n});
  return m;
}

}  // namespace

std::optional<int> fast_sample(int argc, char** argv) {
  SampleOptions o;
  MappedGpt gpt;
  try {
    CLI::App app{"", "genlab"};
    add_sample_options(*app.add_subcommand("sample"), o);
    app.parse(argc, argv);
    if (o.n < 0 || o.text.no_kv_cache || !(o.device == "cpu" || (o.device == "auto" && k_auto_is_cpu)))
      return std::nullopt;
    gpt = open_gpt(o.model);
  } catch (...) {  // NotOurs, a flag error, a damaged file: the full program reports it as usual
    return std::nullopt;
  }
  try {
    const uint64_t seed = resolve_seed(o.seed);
    const auto labeler = make_labeler(!o.no_watermark);
    provenance::ProvenanceRecord record;
    record.model_family = "gpt";
    record.checkpoint_hash = core::to_hex(gpt.file->file_digest());
    record.seed = seed;
    sample::validate(o.text.sampler);
    record.watermark = labeler->text_watermark_json();
    auto decoder = [&](const models::DecoderOptions&) {
      return std::make_unique<nn::GptCpuDecoder>(gpt.shape, gpt.weights);
    };
    return sample_text(decoder, *gpt.tokenizer, o.text, o.n > 0 ? o.n : 1, seed, o.output, *labeler, record, o.model);
  } catch (const Error& e) {
    std::cerr << "genlab: error: " << e.what() << std::endl;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "genlab: internal error: " << e.what() << std::endl;
    return 2;
  }
}

}  // namespace genlab::cli
