// classifier: the evaluator genlab trains instead of downloading Inception weights. A small CNN
// (two 5x5 conv + max-pool stages, 16 and 32 channels, then 128 -> classes; LeNet's shape with ReLU
// and dropout) trained on a labelled image set. Its 128-d penultimate activations are the feature
// space of FCD, precision/recall and density/coverage; its predictions give class balance. Not a
// generative family: the registry lists it with kind "evaluator".
#pragma once

#include <memory>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/model.h"

namespace genlab::models {

struct ClassifierConfig {
  int64_t classes = 0;     // output classes; 0 = from the data's labels
  int64_t features = 128;  // penultimate width: the evaluator's feature space
  double dropout = 0.25;   // dropout before each fully-connected layer
  int64_t channels = 0;    // image channels; 0 = from the data
  int64_t height = 0;      // image height in pixels; 0 = from the data
  int64_t width = 0;       // image width in pixels; 0 = from the data

  template <class V>
  void fields(V& v) {
    v("classes", classes, "output classes; 0 = from the data's labels");
    v("features", features, "penultimate width: the evaluator's feature space");
    v("dropout", dropout, "dropout before each fully-connected layer");
    v("channels", channels, "image channels; 0 = from the data");
    v("height", height, "image height in pixels; 0 = from the data");
    v("width", width, "image width in pixels; 0 = from the data");
  }
};

struct ClassifierNetImpl : torch::nn::Module {
  explicit ClassifierNetImpl(const ClassifierConfig& c);
  torch::Tensor features(const torch::Tensor& x);  // (B, C, H, W) in [0, 1] -> (B, features)
  torch::Tensor logits(const torch::Tensor& features);  // (B, features) -> (B, classes)
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(ClassifierNet);

class Classifier final : public Model {
 public:
  explicit Classifier(const ClassifierConfig& config);

  std::string family() const override { return "classifier"; }
  std::string config_toml() override;
  std::vector<std::pair<std::string, torch::nn::Module*>> modules() override;
  std::vector<OptimizerSpec> optimizers() override;
  Figures training_step(const data::Batch& batch, StepContext& ctx) override;
  Figures eval_step(const data::Batch& batch, torch::Generator& rng) override;
  std::string selection_figure() const override { return "val_error"; }
  Samples sample(const SampleRequest& request) override;

  ClassifierConfig config;
  ClassifierNet net{nullptr};
};

std::unique_ptr<Model> create_classifier(core::Settings& settings, const data::DataInfo& data);

}  // namespace genlab::models
