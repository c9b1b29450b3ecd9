// classifier (see classifier.h).
#include "genlab/models/classifier.h"

#include "genlab/core/check.h"

namespace genlab::models {

ClassifierNetImpl::ClassifierNetImpl(const ClassifierConfig& c) {
  conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.channels, 16, 5).padding(2)));
  conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 32, 5).padding(2)));
  fc1 = register_module("fc1", torch::nn::Linear(32 * (c.height / 4) * (c.width / 4), c.features));
  fc2 = register_module("fc2", torch::nn::Linear(c.features, c.classes));
  drop = register_module("drop", torch::nn::Dropout(c.dropout));
}

torch::Tensor ClassifierNetImpl::features(const torch::Tensor& x) {
  auto h = torch::max_pool2d(torch::relu(conv1(x)), 2);   // (B, 16, H/2, W/2)
  h = torch::max_pool2d(torch::relu(conv2(h)), 2);        // (B, 32, H/4, W/4)
  return torch::relu(fc1(drop(h.flatten(1))));            // (B, features)
}

torch::Tensor ClassifierNetImpl::logits(const torch::Tensor& f) { return fc2(drop(f)); }

Classifier::Classifier(const ClassifierConfig& c) : config(c) { net = ClassifierNet(config); }

std::string Classifier::config_toml() { return core::to_toml("model", config); }

std::vector<std::pair<std::string, torch::nn::Module*>> Classifier::modules() {
  return {{"classifier", net.ptr().get()}};
}

std::vector<OptimizerSpec> Classifier::optimizers() { return {{"main", {{net->parameters(), true}}}}; }

Figures Classifier::training_step(const data::Batch& batch, StepContext& ctx) {
  auto logits = net->logits(net->features(batch.x));
  auto loss = torch::cross_entropy_loss(logits, batch.y);
  ctx.update("main", loss);
  const double error = logits.argmax(1).ne(batch.y).to(torch::kFloat64).mean().item<double>();
  return {{"loss", loss.item<double>()}, {"error", error}};
}

Figures Classifier::eval_step(const data::Batch& batch, torch::Generator& /*rng*/) {
  torch::NoGradGuard no_grad;
  auto logits = net->logits(net->features(batch.x));
  return {{"val_loss", torch::cross_entropy_loss(logits, batch.y).item<double>()},
          {"val_error", logits.argmax(1).ne(batch.y).to(torch::kFloat64).mean().item<double>()}};
}

Samples Classifier::sample(const SampleRequest& /*request*/) { return {}; }

std::unique_ptr<Model> create_classifier(core::Settings& settings, const data::DataInfo& data) {
  ClassifierConfig c;
  settings.bind("model", c);
  fill_image_shape(data, c.channels, c.height, c.width);
  if (c.classes == 0) c.classes = data.num_classes;
  if (c.classes <= 1) fail("classifier: needs labelled images with 2+ classes (IDX images with a labels file)");
  if (c.channels <= 0 || c.height < 4 || c.width < 4) fail("classifier: image shape unknown; train it on image data");
  if (c.features <= 0) fail("classifier: model.features must be positive");
  if (c.dropout < 0 || c.dropout >= 1) fail("classifier: model.dropout = {} must be in [0, 1)", c.dropout);
  return std::make_unique<Classifier>(c);
}

}  // namespace genlab::models
