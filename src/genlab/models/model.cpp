// The non-virtual helpers of the Model contract.
#include "genlab/models/model.h"

#include <tuple>

#include "genlab/core/check.h"

namespace genlab::models {

void Model::to(const torch::Device& device) {
  for (auto& [name, module] : modules()) module->to(device);
}

void Model::train(bool on) {
  for (auto& [name, module] : modules()) module->train(on);
}

int64_t Model::parameter_count() {
  int64_t n = 0;
  for (auto& [name, module] : modules())
    for (const auto& p : module->parameters()) n += p.numel();
  return n;
}

void fill_image_shape(const data::DataInfo& data, int64_t& channels, int64_t& height, int64_t& width) {
  if (data.example_shape.size() != 3) return;
  const std::tuple<int64_t*, int64_t, const char*> fields[] = {
      {&channels, data.example_shape[0], "channels"}, {&height, data.example_shape[1], "height"},
      {&width, data.example_shape[2], "width"}};
  for (const auto& [field, value, name] : fields) {
    if (*field == 0)
      *field = value;
    else if (*field != value)
      fail("model.{} = {} does not match the data ({} has {} {}); remove the setting or use matching data", name,
           *field, data.source, value, name);
  }
}

void fill_sequence_shape(const data::DataInfo& data, int64_t& vocab_size, int64_t& context) {
  if (data.vocab_size > 0) {
    if (vocab_size == 0)
      vocab_size = data.vocab_size;
    else if (vocab_size != data.vocab_size)
      fail("model.vocab_size = {} does not match the tokenizer of {} ({} tokens); remove the setting", vocab_size,
           data.source, data.vocab_size);
  }
  if (data.example_shape.size() == 1 && context == 0) context = data.example_shape[0];
}

void fill_classes(const data::DataInfo& data, int64_t& classes, const std::string& family) {
  if (data.num_classes <= 0)
    fail("{}: model.conditional needs labelled data; {} has no labels", family, data.source.empty() ? "the data" : data.source);
  if (classes == 0) classes = data.num_classes;
  if (classes != data.num_classes)
    fail("{}: model.classes = {} does not match the data's {} classes; remove the setting", family, classes, data.num_classes);
}

torch::Tensor request_labels(int64_t n, int64_t class_index, int64_t classes) {
  if (class_index >= classes) fail("class {} does not exist; the model has classes 0..{}", class_index, classes - 1);
  if (class_index >= 0) return torch::full({n}, class_index, torch::kInt64);
  return torch::arange(n, torch::kInt64).remainder(classes);
}

torch::Tensor with_one_hot(const torch::Tensor& v, const torch::Tensor& labels, int64_t classes) {
  return torch::cat({v, torch::one_hot(labels.to(v.device()), classes).to(v.dtype())}, 1);
}

torch::Tensor next_token_loss(const torch::Tensor& logits, const torch::Tensor& targets) {
  return torch::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}));
}

Figures next_token_figures(const torch::Tensor& logits, const torch::Tensor& targets) {
  const double accuracy = logits.argmax(-1).eq(targets).to(torch::kFloat64).mean().item<double>();
  return {{"val_loss", next_token_loss(logits, targets).item<double>()}, {"val_accuracy", accuracy}};
}

}  // namespace genlab::models
