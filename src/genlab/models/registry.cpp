// The one table of model families. Add a family here (and nowhere else).
#include "genlab/models/registry.h"

#include "genlab/core/check.h"
#include "genlab/models/dcgan.h"
#include "genlab/models/mlp_gan.h"
#include "genlab/models/vae.h"

namespace genlab::models {

const std::vector<Family>& families() {
  static const std::vector<Family> table = {
      {"gan-mlp",
       {data::Modality::image},
       "classic MLP GAN: G 100-128-128-784 (ReLU, sigmoid), D 784-128-128-1, BCE-with-logits",
       "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
       "[train]\nsteps = 10000\nbatch_size = 64\noptimizer = \"adam\"\nlr = 2e-4\nbeta1 = 0.5\nbeta2 = 0.999\n",
       create_mlp_gan},
      {"dcgan",
       {data::Modality::image},
       "DCGAN at 32x32: transposed-conv G, strided-conv D with batch norm (pytorch/examples recipe)",
       "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
       "[train]\nsteps = 3000\nbatch_size = 64\noptimizer = \"adam\"\nlr = 2e-4\nbeta1 = 0.5\nbeta2 = 0.999\n"
       "every = 250\neval_every = 250\n",
       create_dcgan},
      {"vae",
       {data::Modality::image},
       "MLP variational autoencoder 784-400-20 (Kingma & Welling; pytorch/examples recipe)",
       "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
       "[train]\nsteps = 4690\nbatch_size = 128\noptimizer = \"adam\"\nlr = 1e-3\nevery = 469\neval_every = 469\n",
       create_vae},
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
