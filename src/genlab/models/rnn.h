// rnn / lstm / gru: recurrent language models, embedding -> recurrent layers -> linear projection
// (Elman 1990; Hochreiter & Schmidhuber 1997; Cho et al. 2014), as char-rnn and makemore build
// them. Trained with truncated backpropagation through time: the data hands out contiguous streams
// (data.batching = "streams") and the hidden state is carried, detached, from one batch to the
// next; it is part of the checkpoint, so a resumed run continues exactly. Sampling is stateful:
// each new token costs one step, never a pass over the prefix. On the CPU the LSTM runs fused
// (nn/lstm.h) on torch::nn::LSTM's parameters.
#pragma once

#include <memory>

#include "genlab/core/config.h"
#include "genlab/data/dataset.h"
#include "genlab/models/model.h"
#include "genlab/models/rnn_config.h"

namespace genlab::models {

// The recurrent state: h (layers, B, hidden), plus c for an LSTM.
struct RnnState {
  torch::Tensor h, c;
  bool defined() const { return h.defined(); }
};

struct RnnNetImpl : torch::nn::Module {
  RnnNetImpl(const std::string& cell, const RnnConfig& c);
  // idx (B, T) int64 -> logits (B, T, V); state is read (undefined = zeros) and replaced.
  torch::Tensor forward(const torch::Tensor& idx, RnnState& state);

  std::string cell;  // rnn | lstm | gru
  torch::nn::Embedding wte{nullptr};
  torch::nn::RNN rnn{nullptr};
  torch::nn::LSTM lstm{nullptr};
  torch::nn::GRU gru{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::Linear lm_head{nullptr};
};
TORCH_MODULE(RnnNet);

class Rnn final : public Model {
 public:
  Rnn(std::string cell, const RnnConfig& config);

  std::string family() const override { return m_cell; }
  std::string config_toml() override;
  std::vector<std::pair<std::string, torch::nn::Module*>> modules() override;
  std::vector<OptimizerSpec> optimizers() override;
  Figures training_step(const data::Batch& batch, StepContext& ctx) override;
  Figures eval_step(const data::Batch& batch, torch::Generator& rng) override;
  std::string selection_figure() const override { return "val_loss"; }
  Samples sample(const SampleRequest& request) override;
  std::unique_ptr<Decoder> decoder(const DecoderOptions& options) override;
  void save_state(backend::ArchiveWriter& out) override;
  void load_state(const backend::ArchiveReader& in) override;

  RnnConfig config;
  RnnNet net{nullptr};

 private:
  // Logits (B, T, V) of a batch, continuing `state` unless the batch starts new streams; the state
  // is left detached (truncated BPTT).
  torch::Tensor logits(const data::Batch& batch, RnnState& state);

  std::string m_cell;
  RnnState m_train_state;  // carried across training batches (detached)
  RnnState m_eval_state;   // carried across held-out batches
};

// cell: "rnn" (tanh), "lstm" or "gru".
std::unique_ptr<Model> create_rnn(const std::string& cell, core::Settings& settings, const data::DataInfo& data);

}  // namespace genlab::models
