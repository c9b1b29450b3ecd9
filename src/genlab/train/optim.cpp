// Optimizer factory, schedules and position-indexed optimizer state (see optim.h).
#include "genlab/train/optim.h"

#include <cmath>

#include "genlab/core/check.h"
#include "genlab/nn/cpu_kernels.h"

namespace genlab::train {
namespace {

std::vector<torch::Tensor> all_params(const models::OptimizerSpec& spec) {
  std::vector<torch::Tensor> out;
  for (const auto& g : spec.groups) out.insert(out.end(), g.params.begin(), g.params.end());
  return out;
}

// Parameters of an optimizer in a fixed order: group by group, as the spec listed them.
std::vector<torch::Tensor> ordered_params(torch::optim::Optimizer& optimizer) {
  std::vector<torch::Tensor> out;
  for (auto& g : optimizer.param_groups()) out.insert(out.end(), g.params().begin(), g.params().end());
  return out;
}

template <class State>
State* state_of(torch::optim::Optimizer& optimizer, const torch::Tensor& p) {
  auto& map = optimizer.state();
  auto it = map.find(backend::optimizer_state_key(map, p));
  return it == map.end() ? nullptr : static_cast<State*>(it->second.get());
}

// Adam and AdamW in one pass over each parameter. LibTorch's step() runs about ten tensor ops per
// parameter, each a dispatch, a temporary and a sweep over memory; at gan-mlp's size that cost as
// much as the layers' arithmetic. This is the same update in the same order of operations (the
// moments first, then p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps); AdamW decays p by
// 1 - lr * wd first, Adam adds wd * p to the gradient), keeping the same state objects, so
// checkpoints and resumes do not change. An optimizer holding anything else than contiguous float32
// CPU tensors, or using amsgrad, takes LibTorch's own step.
template <class Base, class Options, class State, bool Decoupled>
class FusedAdam final : public Base {
 public:
  using Base::Base;

  torch::Tensor step(torch::optim::Optimizer::LossClosure closure = nullptr) override {
    if (!fusable()) return Base::step(closure);
    torch::NoGradGuard no_grad;
    torch::Tensor loss;
    if (closure) {
      torch::AutoGradMode enable_grad(true);
      loss = closure();
    }
    for (auto& group : this->param_groups()) {
      const auto& o = static_cast<const Options&>(group.options());
      for (auto& p : group.params())
        if (p.grad().defined()) update(p, o);
    }
    return loss;
  }

 private:
  bool fusable() {
    for (auto& group : this->param_groups()) {
      if (static_cast<const Options&>(group.options()).amsgrad()) return false;
      for (auto& p : group.params()) {
        const auto& g = p.grad();
        if (!p.device().is_cpu() || p.scalar_type() != torch::kFloat32 || !p.is_contiguous()) return false;
        if (g.defined() && (g.is_sparse() || g.scalar_type() != torch::kFloat32 || !g.is_contiguous())) return false;
      }
    }
    return true;
  }

  void update(torch::Tensor& p, const Options& o) {
    auto& states = this->state();
    const auto key = backend::optimizer_state_key(states, p);
    auto it = states.find(key);
    if (it == states.end()) {
      auto fresh = std::make_unique<State>();
      fresh->step(0);
      fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
      fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
      it = states.insert_or_assign(key, std::move(fresh)).first;
    }
    auto& s = static_cast<State&>(*it->second);
    s.step(s.step() + 1);
    const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
    const double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(s.step()));
    const double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(s.step()));
    // Scalars as ATen passes them to float kernels: computed in double, used as float.
    nn::cpu::AdamStep k{};
    k.beta1 = static_cast<float>(beta1);
    k.beta2 = static_cast<float>(beta2);
    k.one_minus_beta1 = static_cast<float>(1 - beta1);
    k.one_minus_beta2 = static_cast<float>(1 - beta2);
    k.sqrt_bias_correction2 = static_cast<float>(std::sqrt(bias_correction2));
    k.eps = static_cast<float>(o.eps());
    k.neg_step_size = static_cast<float>(-(o.lr() / bias_correction1));
    k.l2 = Decoupled ? 0.0f : static_cast<float>(o.weight_decay());
    k.decay = Decoupled ? static_cast<float>(1 - o.lr() * o.weight_decay()) : 1.0f;
    nn::cpu::adam_update(p.data_ptr<float>(), p.grad().data_ptr<float>(), s.exp_avg().template data_ptr<float>(),
                         s.exp_avg_sq().template data_ptr<float>(), p.numel(), k);
  }
};

template <class State>
void put_state(torch::optim::Optimizer& optimizer, const torch::Tensor& p, std::unique_ptr<State> state) {
  auto& map = optimizer.state();
  map[backend::optimizer_state_key(map, p)] = std::move(state);
}

}  // namespace

void TrainConfig::validate(const core::Settings& settings) const {
  // "<source>: train.key = value: problem", the source being the file or flag that set the key.
  auto check = [&](bool ok, const char* key, const std::string& value, const char* problem) {
    if (ok) return;
    const core::Setting* s = settings.find(std::string("train.") + key);
    fail("{}train.{} = {}: {}", s ? s->source + ": " : "", key, value, problem);
  };
  check(steps > 0, "steps", std::to_string(steps), "must be positive");
  check(batch_size > 0, "batch_size", std::to_string(batch_size), "must be positive");
  check(optimizer == "sgd" || optimizer == "sgd-momentum" || optimizer == "adam" || optimizer == "adamw", "optimizer",
        "'" + optimizer + "'", "unknown; choose sgd, sgd-momentum, adam or adamw");
  check(schedule == "constant" || schedule == "step" || schedule == "cosine", "schedule", "'" + schedule + "'",
        "unknown; choose constant, step or cosine");
  check(lr > 0, "lr", fmt::format("{}", lr), "must be positive");
  check(warmup_steps >= 0 && warmup_steps <= steps, "warmup_steps", std::to_string(warmup_steps), "must be in [0, steps]");
  check(grad_clip >= 0, "grad_clip", fmt::format("{}", grad_clip), "must be >= 0 (0 = off)");
  check(every > 0, "every", std::to_string(every), "must be positive");
  check(keep > 0, "keep", std::to_string(keep), "must be positive");
  check(log_every > 0, "log_every", std::to_string(log_every), "must be positive");
  check(eval_every >= 0, "eval_every", std::to_string(eval_every), "must be >= 0 (0 = off)");
  check(eval_batches >= 0, "eval_batches", std::to_string(eval_batches), "must be >= 0 (0 = all)");
  check(sample_n > 0, "sample_n", std::to_string(sample_n), "must be positive");
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainConfig& c, const models::OptimizerSpec& spec) {
  std::unique_ptr<torch::optim::Optimizer> opt;
  const auto params = all_params(spec);
  // Groups are built with the optimizer's options and adjusted afterwards: newer 2.x releases
  // replace group options equal to constructor defaults with the optimizer's, 1.13 does not.
  std::vector<torch::optim::OptimizerParamGroup> groups;
  if (c.optimizer == "sgd" || c.optimizer == "sgd-momentum") {
    auto o = torch::optim::SGDOptions(c.lr).weight_decay(c.weight_decay);
    if (c.optimizer == "sgd-momentum") o.momentum(c.momentum);
    for (const auto& g : spec.groups) groups.emplace_back(g.params, std::make_unique<torch::optim::SGDOptions>(o));
    opt = std::make_unique<torch::optim::SGD>(std::move(groups), o);
  } else if (c.optimizer == "adam") {
    auto o = torch::optim::AdamOptions(c.lr).betas({c.beta1, c.beta2}).eps(c.eps).weight_decay(c.weight_decay);
    for (const auto& g : spec.groups) groups.emplace_back(g.params, std::make_unique<torch::optim::AdamOptions>(o));
    opt = std::make_unique<FusedAdam<torch::optim::Adam, torch::optim::AdamOptions, torch::optim::AdamParamState, false>>(
        std::move(groups), o);
  } else {
    auto o = torch::optim::AdamWOptions(c.lr).betas({c.beta1, c.beta2}).eps(c.eps).weight_decay(c.weight_decay);
    for (const auto& g : spec.groups) groups.emplace_back(g.params, std::make_unique<torch::optim::AdamWOptions>(o));
    opt = std::make_unique<FusedAdam<torch::optim::AdamW, torch::optim::AdamWOptions, torch::optim::AdamWParamState, true>>(
        std::move(groups), o);
  }
  GENLAB_CHECK(!params.empty(), "optimizer '{}' has no parameters", spec.name);
  for (size_t i = 0; i < spec.groups.size(); ++i) {
    if (spec.groups[i].weight_decay) continue;
    auto& options = opt->param_groups()[i].options();
    if (auto* s = dynamic_cast<torch::optim::SGDOptions*>(&options)) s->weight_decay(0);
    if (auto* a = dynamic_cast<torch::optim::AdamOptions*>(&options)) a->weight_decay(0);
    if (auto* w = dynamic_cast<torch::optim::AdamWOptions*>(&options)) w->weight_decay(0);
  }
  return opt;
}

double scheduled_lr(const TrainConfig& c, int64_t step) {
  if (step < c.warmup_steps) return c.lr * static_cast<double>(step + 1) / static_cast<double>(c.warmup_steps);
  const auto after = static_cast<double>(step - c.warmup_steps);
  if (c.schedule == "step") {
    const int64_t size = c.step_size > 0 ? c.step_size : std::max<int64_t>(1, c.steps / 3);
    return c.lr * std::pow(c.gamma, std::floor(after / static_cast<double>(size)));
  }
  if (c.schedule == "cosine") {
    const double span = static_cast<double>(std::max<int64_t>(1, c.steps - c.warmup_steps));
    const double progress = std::min(1.0, after / span);
    const double floor_lr = c.lr * c.lr_min;
    return floor_lr + 0.5 * (1.0 + std::cos(M_PI * progress)) * (c.lr - floor_lr);
  }
  return c.lr;
}

void set_lr(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& g : optimizer.param_groups()) g.options().set_lr(lr);
}

void save_optimizer_state(backend::ArchiveWriter& out, const std::string& prefix,
                          torch::optim::Optimizer& optimizer, const std::string& kind) {
  const auto params = ordered_params(optimizer);
  for (size_t i = 0; i < params.size(); ++i) {
    const std::string key = fmt::format("{}.{}.", prefix, i);
    if (kind == "adam" || kind == "adamw") {
      // AdamParamState and AdamWParamState have the same fields; read through the right type.
      auto write = [&](auto* s) {
        if (!s) return;
        out.put(key + "step", torch::tensor(s->step(), torch::kInt64));
        out.put(key + "exp_avg", s->exp_avg());
        out.put(key + "exp_avg_sq", s->exp_avg_sq());
        if (s->max_exp_avg_sq().defined()) out.put(key + "max_exp_avg_sq", s->max_exp_avg_sq());
      };
      if (kind == "adam") write(state_of<torch::optim::AdamParamState>(optimizer, params[i]));
      else write(state_of<torch::optim::AdamWParamState>(optimizer, params[i]));
    } else if (auto* s = state_of<torch::optim::SGDParamState>(optimizer, params[i])) {
      if (s->momentum_buffer().defined()) out.put(key + "momentum_buffer", s->momentum_buffer());
    }
  }
}

void load_optimizer_state(const backend::ArchiveReader& in, const std::string& prefix,
                          torch::optim::Optimizer& optimizer, const std::string& kind) {
  const auto params = ordered_params(optimizer);
  optimizer.state().clear();
  for (size_t i = 0; i < params.size(); ++i) {
    const std::string key = fmt::format("{}.{}.", prefix, i);
    const auto& p = params[i];
    auto load = [&](const std::string& field) { return in.get(key + field).to(p.device()); };
    if (kind == "adam" || kind == "adamw") {
      if (!in.has(key + "step")) continue;
      auto fill = [&](auto state) {
        state->step(in.get(key + "step").item<int64_t>());
        state->exp_avg(load("exp_avg"));
        state->exp_avg_sq(load("exp_avg_sq"));
        if (in.has(key + "max_exp_avg_sq")) state->max_exp_avg_sq(load("max_exp_avg_sq"));
        put_state(optimizer, p, std::move(state));
      };
      if (kind == "adam") fill(std::make_unique<torch::optim::AdamParamState>());
      else fill(std::make_unique<torch::optim::AdamWParamState>());
    } else if (in.has(key + "momentum_buffer")) {
      auto state = std::make_unique<torch::optim::SGDParamState>();
      state->momentum_buffer(load("momentum_buffer"));
      put_state(optimizer, p, std::move(state));
    }
  }
}

}  // namespace genlab::train
