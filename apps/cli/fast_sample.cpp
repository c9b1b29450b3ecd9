// Torch-free `genlab sample` for text models (see fast_sample.h).
#include "apps/cli/fast_sample.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
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
#include "genlab/models/rnn_config.h"
#include "genlab/nn/gpt_cpu.h"
#include "genlab/nn/rnn_cpu.h"

namespace genlab::cli {
namespace {

// Whether LibTorch's "auto" device could be a GPU in this build (then only --device cpu is ours).
#ifdef GENLAB_TORCH_CUDA
constexpr bool k_auto_is_cpu = false;
#else
constexpr bool k_auto_is_cpu = true;
#endif

struct NotOurs {};  // the full program should handle this command line

// A text model's checkpoint opened without LibTorch: the mapped file, its tokenizer, and a maker of
// decoding sessions over the weights in the mapping.
struct MappedModel {
  std::unique_ptr<core::CheckpointFile> file;
  std::string family;
  std::unique_ptr<text::Tokenizer> tokenizer;
  DecoderFactory decoder;
};

// The float32 tensor "model.<family>.<key>" of the given shape, in place; NotOurs when absent or
// different (optional: nullptr when absent).
class Tensors {
 public:
  Tensors(const core::CheckpointFile& file, std::string family) : m_file(file), m_prefix("model." + family + ".") {}
  const float* operator()(const std::string& key, const std::vector<int64_t>& shape, bool optional = false) const {
    const core::StoredTensor* t = m_file.find(m_prefix + key);
    if (!t && optional) return nullptr;
    if (!t || t->dtype != "float32" || t->shape != shape) throw NotOurs{};
    return static_cast<const float*>(m_file.data(*t));
  }

 private:
  const core::CheckpointFile& m_file;
  std::string m_prefix;
};

DecoderFactory gpt_decoder(const core::Settings& settings, const Tensors& tensor, int64_t vocab_size) {
  models::GptConfig c;
  core::Settings s = settings;
  s.bind("model", c);
  if (c.vocab_size != vocab_size || c.n_head <= 0 || c.n_embd % c.n_head != 0 || c.block_size <= 0) throw NotOurs{};
  const int64_t n = c.n_embd;
  nn::GptWeights w;
  w.wte = tensor("wte.weight", {c.vocab_size, n});
  w.wpe = tensor("wpe.weight", {c.block_size, n});
  for (int64_t i = 0; i < c.n_layer; ++i) {
    const std::string p = fmt::format("h.{}.", i);
    auto bias = [&](const std::string& key, int64_t size) {
      const float* v = tensor(p + key, {size}, true);
      if (c.bias != (v != nullptr)) throw NotOurs{};
      return v;
    };
    w.blocks.push_back(
        {tensor(p + "ln_1.weight", {n}), tensor(p + "ln_1.bias", {n}), tensor(p + "attn.c_attn.weight", {3 * n, n}),
         bias("attn.c_attn.bias", 3 * n), tensor(p + "attn.c_proj.weight", {n, n}), bias("attn.c_proj.bias", n),
         tensor(p + "ln_2.weight", {n}), tensor(p + "ln_2.bias", {n}), tensor(p + "c_fc.weight", {4 * n, n}),
         bias("c_fc.bias", 4 * n), tensor(p + "c_proj.weight", {n, 4 * n}), bias("c_proj.bias", n)});
  }
  w.ln_f_w = tensor("ln_f.weight", {n});
  w.ln_f_b = tensor("ln_f.bias", {n});
  const nn::GptShape shape{c.n_layer, c.n_head, c.n_embd, c.block_size, c.vocab_size};
  return [shape, w](const models::DecoderOptions&) { return std::make_unique<nn::GptCpuDecoder>(shape, w); };
}

DecoderFactory rnn_decoder(const std::string& cell, const core::Settings& settings, const Tensors& tensor,
                           int64_t vocab_size) {
  models::RnnConfig c;
  core::Settings s = settings;
  s.bind("model", c);
  if (c.vocab_size != vocab_size || c.layers <= 0) throw NotOurs{};
  const int64_t g = nn::rnn_gates(cell) * c.hidden;
  nn::RnnWeights w;
  w.wte = tensor("wte.weight", {c.vocab_size, c.embedding});
  for (int64_t l = 0; l < c.layers; ++l) {
    const std::string p = fmt::format("{}.", cell), sfx = fmt::format("_l{}", l);
    w.layers.push_back({tensor(p + "weight_ih" + sfx, {g, l == 0 ? c.embedding : c.hidden}),
                        tensor(p + "weight_hh" + sfx, {g, c.hidden}), tensor(p + "bias_ih" + sfx, {g}),
                        tensor(p + "bias_hh" + sfx, {g})});
  }
  w.head_w = tensor("lm_head.weight", {c.vocab_size, c.hidden});
  w.head_b = tensor("lm_head.bias", {c.vocab_size});
  const nn::RnnShape shape{cell, c.layers, c.embedding, c.hidden, c.vocab_size};
  return [shape, w](const models::DecoderOptions&) { return std::make_unique<nn::RnnCpuDecoder>(shape, w); };
}

// Decoding runs on one thread, as genlab-torch runs it (backend::use_one_thread_for_decoding), the
// prompt pass's BLAS products included, unless GENLAB_TORCH_THREADS sets a count. OpenBLAS's call
// is looked up, not linked: another BLAS keeps its own setting.
void set_decoding_threads() {
  const char* env = std::getenv("GENLAB_TORCH_THREADS");
  const int n = env && std::atoi(env) > 0 ? std::atoi(env) : 1;
  using SetThreads = void (*)(int);
  if (auto* set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(n);
}

bool ours(const std::string& family) { return family == "gpt" || nn::rnn_gates(family) > 0; }

MappedModel open_text_model(const std::string& model) {
  MappedModel m;
  const std::string path = core::resolve_checkpoint(model);
  if (!ours(core::peek_checkpoint_header(path).value("family", ""))) throw NotOurs{};  // before the checksum pass
  m.file = std::make_unique<core::CheckpointFile>(path);
  const auto& h = m.file->header();
  m.family = h.value("family", "");
  if (m.file->version() < 2 || !ours(m.family) || !h.contains("config") || !h.contains("data")) throw NotOurs{};
  const auto& data = h["data"];
  if (data.value("modality", "image") != "text" || !data.contains("tokenizer")) throw NotOurs{};
  core::Settings settings;
  settings.load_toml_string(h["config"].get<std::string>(), m.file->path() + " (embedded config)");
  m.tokenizer = text::load_tokenizer(core::base64_decode(data["tokenizer"].get<std::string>(), "data.tokenizer"));
  const Tensors tensors(*m.file, m.family);
  m.decoder = m.family == "gpt" ? gpt_decoder(settings, tensors, m.tokenizer->vocab_size())
                                : rnn_decoder(m.family, settings, tensors, m.tokenizer->vocab_size());
  return m;
}

}  // namespace

std::optional<int> fast_sample(int argc, char** argv) {
  SampleOptions o;
  MappedModel model;
  try {
    CLI::App app{"", "genlab"};
    add_sample_options(*app.add_subcommand("sample"), o);
    app.parse(argc, argv);
    if (o.n < 0 || o.text.no_kv_cache || !(o.device == "cpu" || (o.device == "auto" && k_auto_is_cpu)))
      return std::nullopt;
    model = open_text_model(o.model);
  } catch (...) {  // NotOurs, a flag error, a damaged file: the full program reports it as usual
    return std::nullopt;
  }
  try {
    set_decoding_threads();
    const uint64_t seed = resolve_seed(o.seed);
    const auto labeler = make_labeler(!o.no_watermark);
    provenance::ProvenanceRecord record;
    record.model_family = model.family;
    record.checkpoint_hash = core::to_hex(model.file->file_digest());
    record.seed = seed;
    sample::validate(o.text.sampler);
    record.watermark = labeler->text_watermark_json();
    return sample_text(model.decoder, *model.tokenizer, o.text, o.n > 0 ? o.n : 1, seed, o.output, *labeler, record,
                       o.model);
  } catch (const Error& e) {
    std::cerr << "genlab: error: " << e.what() << std::endl;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "genlab: internal error: " << e.what() << std::endl;
    return 2;
  }
}

}  // namespace genlab::cli
