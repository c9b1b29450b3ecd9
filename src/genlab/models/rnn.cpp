// rnn / lstm / gru (see rnn.h).
#include "genlab/models/rnn.h"

#include <tuple>

#include "genlab/core/check.h"
#include "genlab/nn/lstm.h"
#include "genlab/nn/rnn_cpu.h"

namespace genlab::models {
namespace {

const float* float_data(const torch::Tensor& t) { return t.defined() ? t.data_ptr<float>() : nullptr; }

// LibTorch's forward, one call per feed, for devices and dtypes nn::RnnCpuDecoder does not cover.
class RnnDecoder final : public Decoder {
 public:
  explicit RnnDecoder(RnnNet net) : m_net(std::move(net)) {}

  const std::vector<float>& feed(const std::vector<int32_t>& tokens) override {
    GENLAB_CHECK(!tokens.empty(), "feed needs at least one token");
    torch::NoGradGuard no_grad;
    auto idx = torch::tensor(std::vector<int64_t>(tokens.begin(), tokens.end()), torch::kInt64)
                   .unsqueeze(0)
                   .to(m_net->wte->weight.device());  // (1, T)
    auto logits = m_net->forward(idx, m_state);       // (1, T, V)
    m_length += static_cast<int64_t>(tokens.size());
    auto last = logits.select(1, logits.size(1) - 1).to(torch::kCPU, torch::kFloat32).contiguous();
    m_logits.assign(last.data_ptr<float>(), last.data_ptr<float>() + last.numel());
    return m_logits;
  }

  // The hidden state summarises everything fed so far.
  int64_t context_length() const override { return m_length; }

 private:
  RnnNet m_net;
  RnnState m_state;
  int64_t m_length = 0;
  std::vector<float> m_logits;
};

// nn::RnnCpuDecoder over the module's own parameters, which it keeps alive.
class RnnCpuSession final : public Decoder {
 public:
  RnnCpuSession(RnnNet net, nn::RnnShape shape, nn::RnnWeights weights)
      : m_net(std::move(net)), m_cpu(std::move(shape), std::move(weights)) {}
  const std::vector<float>& feed(const std::vector<int32_t>& tokens) override { return m_cpu.feed(tokens); }
  int64_t context_length() const override { return m_cpu.context_length(); }

 private:
  RnnNet m_net;
  nn::RnnCpuDecoder m_cpu;
};

// The module's parameters as nn::RnnCpuDecoder reads them (torch::nn::{RNN,LSTM,GRU} name them
// weight_ih_l0, ...).
std::unique_ptr<Decoder> cpu_decoder(const RnnNet& net, const RnnConfig& c) {
  const torch::nn::Module* cells = net->lstm  ? static_cast<const torch::nn::Module*>(net->lstm.get())
                                   : net->gru ? static_cast<const torch::nn::Module*>(net->gru.get())
                                              : static_cast<const torch::nn::Module*>(net->rnn.get());
  const auto params = cells->named_parameters();
  nn::RnnWeights w;
  w.wte = float_data(net->wte->weight);
  for (int64_t l = 0; l < c.layers; ++l) {
    auto get = [&](const char* name) {
      const auto* t = params.find(fmt::format("{}_l{}", name, l));
      return t ? float_data(*t) : nullptr;
    };
    w.layers.push_back({get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")});
  }
  w.head_w = float_data(net->lm_head->weight);
  w.head_b = float_data(net->lm_head->bias);
  return std::make_unique<RnnCpuSession>(net, nn::RnnShape{net->cell, c.layers, c.embedding, c.hidden, c.vocab_size},
                                         std::move(w));
}

}  // namespace

RnnNetImpl::RnnNetImpl(const std::string& cell_, const RnnConfig& c) : cell(cell_) {
  wte = register_module("wte", torch::nn::Embedding(c.vocab_size, c.embedding));
  const double inner_dropout = c.layers > 1 ? c.dropout : 0.0;
  if (cell == "lstm")
    lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(c.embedding, c.hidden)
                                                       .num_layers(c.layers)
                                                       .batch_first(true)
                                                       .dropout(inner_dropout)));
  else if (cell == "gru")
    gru = register_module("gru", torch::nn::GRU(torch::nn::GRUOptions(c.embedding, c.hidden)
                                                    .num_layers(c.layers)
                                                    .batch_first(true)
                                                    .dropout(inner_dropout)));
  else
    rnn = register_module("rnn", torch::nn::RNN(torch::nn::RNNOptions(c.embedding, c.hidden)
                                                    .num_layers(c.layers)
                                                    .batch_first(true)
                                                    .dropout(inner_dropout)));
  drop = register_module("drop", torch::nn::Dropout(c.dropout));
  lm_head = register_module("lm_head", torch::nn::Linear(c.hidden, c.vocab_size));
}

torch::Tensor RnnNetImpl::forward(const torch::Tensor& idx, RnnState& state) {
  auto x = wte(idx);  // (B, T, E)
  torch::Tensor y;
  if (lstm && nn::fused_lstm_applies(*lstm, x)) {
    std::tie(y, state.h, state.c) = nn::lstm_forward(*lstm, x, state.h, state.c, is_training());
  } else if (lstm) {
    auto [out, hc] = state.defined() ? lstm->forward(x, std::make_tuple(state.h, state.c)) : lstm->forward(x);
    y = out;
    state.h = std::get<0>(hc);
    state.c = std::get<1>(hc);
  } else {
    auto [out, h] = gru ? (state.defined() ? gru->forward(x, state.h) : gru->forward(x))
                        : (state.defined() ? rnn->forward(x, state.h) : rnn->forward(x));
    y = out;
    state.h = h;
  }
  return lm_head(drop(y));  // (B, T, H) -> (B, T, V)
}

Rnn::Rnn(std::string cell, const RnnConfig& c) : config(c), m_cell(std::move(cell)) { net = RnnNet(m_cell, config); }

std::string Rnn::config_toml() { return core::to_toml("model", config); }

std::vector<std::pair<std::string, torch::nn::Module*>> Rnn::modules() { return {{m_cell, net.ptr().get()}}; }

std::vector<OptimizerSpec> Rnn::optimizers() { return {{"main", {{net->parameters(), true}}}}; }

torch::Tensor Rnn::logits(const data::Batch& batch, RnnState& state) {
  if (batch.stream_start || !state.defined() || state.h.size(1) != batch.x.size(0)) state = RnnState{};
  auto out = net->forward(batch.x, state);  // (B, T, V)
  // Truncated BPTT: the next batch starts from this state without backpropagating into it.
  state.h = state.h.detach();
  if (state.c.defined()) state.c = state.c.detach();
  return out;
}

Figures Rnn::training_step(const data::Batch& batch, StepContext& ctx) {
  auto l = next_token_loss(logits(batch, m_train_state), batch.y);
  ctx.update("main", l);
  return {{"loss", l.item<double>()}};
}

Figures Rnn::eval_step(const data::Batch& batch, torch::Generator& /*rng*/) {
  torch::NoGradGuard no_grad;
  return next_token_figures(logits(batch, m_eval_state), batch.y);
}

Samples Rnn::sample(const SampleRequest& /*request*/) { return {}; }

// On a CPU with float32 weights, the torch-free decoder (the same arithmetic as the fast `genlab
// sample` path, one step without LibTorch's per-call work); LibTorch's forward otherwise.
std::unique_ptr<Decoder> Rnn::decoder(const DecoderOptions& /*options*/) {
  bool cpu_floats = net->wte->weight.device().is_cpu();
  for (const auto& p : net->parameters())
    cpu_floats = cpu_floats && p.scalar_type() == torch::kFloat && p.is_contiguous();
  if (cpu_floats) return cpu_decoder(net, config);
  return std::make_unique<RnnDecoder>(net);
}

void Rnn::save_state(backend::ArchiveWriter& out) {
  if (!m_train_state.defined()) return;
  out.put("state.h", m_train_state.h);
  if (m_train_state.c.defined()) out.put("state.c", m_train_state.c);
}

void Rnn::load_state(const backend::ArchiveReader& in) {
  m_train_state = RnnState{};
  if (!in.has("state.h")) return;
  const auto device = net->wte->weight.device();
  m_train_state.h = in.get("state.h").to(device);
  if (in.has("state.c")) m_train_state.c = in.get("state.c").to(device);
}

std::unique_ptr<Model> create_rnn(const std::string& cell, core::Settings& settings, const data::DataInfo& data) {
  RnnConfig c;
  settings.bind("model", c);
  int64_t context = 0;
  fill_sequence_shape(data, c.vocab_size, context);
  if (c.vocab_size <= 0) fail("{}: vocabulary size unknown; train it on text data", cell);
  if (c.embedding <= 0 || c.hidden <= 0 || c.layers <= 0)
    fail("{}: model.embedding, hidden and layers must be positive", cell);
  if (c.dropout < 0 || c.dropout >= 1) fail("{}: model.dropout = {} must be in [0, 1)", cell, c.dropout);
  return std::make_unique<Rnn>(cell, c);
}

}  // namespace genlab::models
