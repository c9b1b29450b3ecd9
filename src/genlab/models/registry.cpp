// The one table of model families. Add a family here (and nowhere else).
#include "genlab/models/registry.h"

#include "genlab/core/check.h"
#include "genlab/models/classifier.h"
#include "genlab/models/dcgan.h"
#include "genlab/models/gpt.h"
#include "genlab/models/mlp_gan.h"
#include "genlab/models/rnn.h"
#include "genlab/models/vae.h"
#include "genlab/models/vqvae.h"

namespace genlab::models {
namespace {

// nanoGPT's recipe at a size this machine trains in minutes (char-level KJV).
constexpr const char* k_gpt_defaults =
    "[train]\nsteps = 2000\nbatch_size = 32\noptimizer = \"adamw\"\nlr = 1e-3\nbeta2 = 0.99\nweight_decay = 0.1\n"
    "schedule = \"cosine\"\nwarmup_steps = 100\ngrad_clip = 1.0\nevery = 250\neval_every = 250\n"
    "[data]\ncontext = 128\n";
// char-rnn's recipe: contiguous streams, truncated BPTT over 128 steps.
constexpr const char* k_rnn_defaults =
    "[train]\nsteps = 2000\nbatch_size = 32\noptimizer = \"adam\"\nlr = 2e-3\ngrad_clip = 1.0\n"
    "every = 250\neval_every = 250\n[data]\ncontext = 128\nbatching = \"streams\"\n";
constexpr const char* k_default_text = "builtin:kjv";

Family recurrent(const std::string& cell, const std::string& description) {
  return {cell, {data::Modality::text, data::Modality::music}, description, "generator", k_default_text, k_rnn_defaults,
          [cell](core::Settings& s, const data::DataInfo& d) { return create_rnn(cell, s, d); }};
}

}  // namespace

const std::vector<Family>& families() {
  static const std::vector<Family> table = {
      {"gan-mlp",
       {data::Modality::image},
       "classic MLP GAN: G 100-128-128-784 (ReLU, sigmoid), D 784-128-128-1, BCE-with-logits",
       "generator",
       "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
       "[train]\nsteps = 10000\nbatch_size = 64\noptimizer = \"adam\"\nlr = 2e-4\nbeta1 = 0.5\nbeta2 = 0.999\n",
       create_mlp_gan},
      {"dcgan",
       {data::Modality::image},
       "DCGAN at 32x32: transposed-conv G, strided-conv D with batch norm (pytorch/examples recipe)",
       "generator",
       "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
       "[train]\nsteps = 3000\nbatch_size = 64\noptimizer = \"adam\"\nlr = 2e-4\nbeta1 = 0.5\nbeta2 = 0.999\n"
       "every = 250\neval_every = 250\n",
       create_dcgan},
      {"vae",
       {data::Modality::image},
       "variational autoencoder: MLP 784-400-20 (Kingma & Welling; pytorch/examples recipe) or model.arch=conv",
       "generator",
       "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
       "[train]\nsteps = 4690\nbatch_size = 128\noptimizer = \"adam\"\nlr = 1e-3\nevery = 469\neval_every = 469\n",
       create_vae},
      {"vqvae",
       {data::Modality::image},
       "VQ-VAE with an EMA codebook and dead-code restarts, then a small GPT prior over the 7x7 code grid",
       "generator",
       "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
       "[train]\nsteps = 2500\nbatch_size = 64\noptimizer = \"adam\"\nlr = 1e-3\nschedule = \"cosine\"\n"
       "every = 500\neval_every = 250\neval_batches = 10\n",
       create_vqvae},
      {"gpt",
       {data::Modality::text, data::Modality::music},
       "GPT-2-style decoder: pre-LN causal self-attention blocks, tied embeddings, KV-cache sampling (nanoGPT)",
       "generator",
       k_default_text, k_gpt_defaults, create_gpt},
      recurrent("lstm", "LSTM language model: embedding -> stacked LSTM -> projection, truncated BPTT"),
      recurrent("gru", "GRU language model: embedding -> stacked GRU -> projection, truncated BPTT"),
      recurrent("rnn", "Elman RNN (tanh) language model: embedding -> stacked RNN -> projection"),
      {"classifier",
       {data::Modality::image},
       "the image evaluator: a small CNN whose features give FCD, precision/recall, class balance",
       "evaluator",
       "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
       "[train]\nepochs = 10\nbatch_size = 64\noptimizer = \"adam\"\nlr = 1e-3\nschedule = \"cosine\"\n"
       "every = 1000\neval_every = 500\neval_batches = 0\n",
       create_classifier},
  };
  return table;
}

const Family& find_family(const std::string& name) {
  for (const auto& f : families())
    if (f.name == name) return f;
  std::string known;
  for (const auto& f : families()) known += (known.empty() ? "" : ", ") + f.name;
  fail("unknown model '{}'; known: {}", name, known);
}

std::string modality_list(const Family& family) {
  std::string out;
  for (auto m : family.modalities) out += (out.empty() ? "" : ", ") + std::string(data::modality_name(m));
  return out;
}

}  // namespace genlab::models
