// vqvae (see vqvae.h). The encoder/decoder follow Sonnet's VQ-VAE example (two 4x4 stride-2
// convolutions, residual stacks of ReLU-3x3-ReLU-1x1); the codebook update follows Sonnet's
// VectorQuantizerEMA; the prior is the gpt family's GptNet over K codes plus a start token.
#include "genlab/models/vqvae.h"

#include "genlab/core/check.h"

namespace genlab::models {
namespace {

constexpr int64_t k_downsample = 4;  // image pixels per code-grid cell along each axis

// x + conv1x1(relu(conv3x3(relu(x)))), the residual hidden width half the block's.
struct ResidualImpl : torch::nn::Module {
  explicit ResidualImpl(int64_t channels) {
    conv3 = register_module("conv3", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels / 2, 3).padding(1)));
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels / 2, channels, 1)));
  }
  torch::Tensor forward(const torch::Tensor& x) { return x + conv1(torch::relu(conv3(torch::relu(x)))); }
  torch::nn::Conv2d conv3{nullptr}, conv1{nullptr};
};
TORCH_MODULE(Residual);

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t pad) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(pad));
}
torch::nn::ConvTranspose2d up(int64_t in, int64_t out) {
  return torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1));
}

// (B, D, h, w) -> (B*h*w, D), grid cells in raster order.
torch::Tensor to_rows(const torch::Tensor& z) { return z.permute({0, 2, 3, 1}).reshape({-1, z.size(1)}); }
// (B*h*w, D) -> (B, D, h, w)
torch::Tensor to_grid(const torch::Tensor& rows, int64_t b, int64_t h, int64_t w) {
  return rows.reshape({b, h, w, rows.size(1)}).permute({0, 3, 1, 2});
}

GptConfig prior_config(const VqvaeConfig& c) {
  GptConfig g;
  g.vocab_size = c.codebook_size + 1;  // the K codes and the start token K
  g.block_size = (c.height / k_downsample) * (c.width / k_downsample);
  g.n_layer = c.prior_layers;
  g.n_head = c.prior_heads;
  g.n_embd = c.prior_width;
  return g;
}

}  // namespace

VectorQuantizerImpl::VectorQuantizerImpl(const VqvaeConfig& c)
    : decay(c.decay), epsilon(c.epsilon), restart_below(c.restart_below) {
  const double r = 1.0 / static_cast<double>(c.codebook_size);
  codebook = register_buffer("codebook", torch::empty({c.codebook_size, c.code_dim}).uniform_(-r, r));
  cluster_size = register_buffer("cluster_size", torch::zeros({c.codebook_size}));
  embed_sum = register_buffer("embed_sum", codebook.clone());
  code_counts = register_buffer("code_counts", torch::zeros({c.codebook_size}, torch::kFloat64));
}

torch::Tensor VectorQuantizerImpl::nearest(const torch::Tensor& flat) const {
  // |x - e|^2 = |x|^2 - 2 x.e + |e|^2, for every row x and code e.
  auto d = flat.pow(2).sum(1, true) - 2 * flat.mm(codebook.t()) + codebook.pow(2).sum(1).unsqueeze(0);
  return d.argmin(1);
}

int64_t VectorQuantizerImpl::ema_update(const torch::Tensor& flat, const torch::Tensor& idx, torch::Generator& gen) {
  torch::NoGradGuard no_grad;
  const int64_t k = codebook.size(0);
  auto onehot = torch::one_hot(idx, k).to(flat.scalar_type());  // (N, K)
  cluster_size.mul_(decay).add_(onehot.sum(0), 1.0 - decay);
  embed_sum.mul_(decay).add_(onehot.t().mm(flat), 1.0 - decay);
  // Laplace smoothing keeps every count positive so the division below is defined.
  auto n = cluster_size.sum();
  auto smoothed = (cluster_size + epsilon) / (n + static_cast<double>(k) * epsilon) * n;
  codebook.copy_(embed_sum / smoothed.unsqueeze(1));
  if (restart_below <= 0) return 0;
  auto dead = cluster_size.lt(restart_below).nonzero().squeeze(1);
  const int64_t n_dead = dead.size(0);
  if (n_dead == 0) return 0;
  auto picks = torch::randint(0, flat.size(0), {n_dead}, gen).to(flat.device());
  auto chosen = flat.index_select(0, picks);
  codebook.index_copy_(0, dead, chosen);
  embed_sum.index_copy_(0, dead, chosen * restart_below);  // so embed_sum / cluster_size = the new code
  cluster_size.index_fill_(0, dead, restart_below);
  return n_dead;
}

VqvaeNetImpl::VqvaeNetImpl(const VqvaeConfig& c) {
  const int64_t h = c.hidden;
  encoder = register_module("encoder", torch::nn::Sequential(
      conv(c.channels, h / 2, 4, 2, 1), torch::nn::ReLU(),  // (B, h/2, H/2, W/2)
      conv(h / 2, h, 4, 2, 1), torch::nn::ReLU(),           // (B, h, H/4, W/4)
      conv(h, h, 3, 1, 1)));
  for (int64_t i = 0; i < c.res_blocks; ++i) encoder->push_back(Residual(h));
  encoder->push_back(torch::nn::ReLU());
  encoder->push_back(conv(h, c.code_dim, 1, 1, 0));  // (B, D, H/4, W/4)

  decoder = register_module("decoder", torch::nn::Sequential(conv(c.code_dim, h, 3, 1, 1)));
  for (int64_t i = 0; i < c.res_blocks; ++i) decoder->push_back(Residual(h));
  decoder->push_back(torch::nn::ReLU());
  decoder->push_back(up(h, h / 2));  // (B, h/2, H/2, W/2)
  decoder->push_back(torch::nn::ReLU());
  decoder->push_back(up(h / 2, c.channels));  // (B, C, H, W)
  decoder->push_back(torch::nn::Sigmoid());
}

torch::Tensor VqvaeNetImpl::encode(const torch::Tensor& images01) { return encoder->forward(images01); }
torch::Tensor VqvaeNetImpl::decode(const torch::Tensor& z) { return decoder->forward(z); }

Vqvae::Vqvae(const VqvaeConfig& c) : config(c) {
  net = VqvaeNet(config);
  quantizer = VectorQuantizer(config);
  prior = GptNet(prior_config(config));
}

std::string Vqvae::config_toml() { return core::to_toml("model", config); }

std::vector<std::pair<std::string, torch::nn::Module*>> Vqvae::modules() {
  return {{"vqvae", net.ptr().get()}, {"quantizer", quantizer.ptr().get()}, {"prior", prior.ptr().get()}};
}

std::vector<OptimizerSpec> Vqvae::optimizers() {
  // The prior decays as gpt does: matrices and embeddings yes, biases and norms no.
  ParamGroup decay{{}, true}, no_decay{{}, false};
  for (const auto& p : prior->parameters()) (p.dim() >= 2 ? decay : no_decay).params.push_back(p);
  return {{"vqvae", {{net->parameters(), true}}}, {"prior", {decay, no_decay}}};
}

torch::Tensor Vqvae::encode_codes(const torch::Tensor& images01) {
  auto z = net->encode(images01);
  return quantizer->nearest(to_rows(z)).reshape({z.size(0), z.size(2), z.size(3)});
}

torch::Tensor Vqvae::decode_codes(const torch::Tensor& codes) {
  auto rows = quantizer->codebook.index_select(0, codes.reshape({-1}));
  return net->decode(to_grid(rows, codes.size(0), codes.size(1), codes.size(2)));
}

torch::Tensor Vqvae::reconstruct(const torch::Tensor& images01, const torch::Tensor& /*labels*/) {
  torch::NoGradGuard no_grad;
  return decode_codes(encode_codes(images01)).to(torch::kCPU);
}

torch::Tensor Vqvae::prior_logits(const torch::Tensor& codes) {
  const int64_t b = codes.size(0);
  auto seq = codes.reshape({b, -1});
  auto start = torch::full({b, 1}, config.codebook_size, seq.options());
  auto input = torch::cat({start, seq.slice(1, 0, seq.size(1) - 1)}, 1);  // shifted right by the start token
  return prior->forward(input).slice(2, 0, config.codebook_size);        // the start token is never a target
}

Figures Vqvae::autoencoder_step(const data::Batch& batch, StepContext& ctx) {
  const auto& x = batch.x;
  const int64_t b = x.size(0);
  auto z = net->encode(x);
  auto rows = to_rows(z);
  auto idx = quantizer->nearest(rows.detach());
  auto q = quantizer->codebook.index_select(0, idx);
  auto commit = (rows - q).pow(2).sum() / b;
  auto straight_through = rows + (q - rows).detach();
  auto recon = net->decode(to_grid(straight_through, b, z.size(2), z.size(3)));
  auto recon_error = (recon - x).pow(2).sum() / b;
  auto loss = recon_error + config.beta * commit;
  ctx.update("vqvae", loss);
  const int64_t restarts = quantizer->ema_update(rows.detach(), idx, ctx.rng());
  auto p = torch::bincount(idx, {}, config.codebook_size).to(torch::kFloat64) / static_cast<double>(idx.size(0));
  auto perplexity = torch::exp(-(p * torch::log(p.clamp_min(1e-30))).sum());
  return {{"vq_loss", loss.item<double>()},
          {"recon", recon_error.item<double>()},
          {"commit", commit.item<double>()},
          {"perplexity", perplexity.item<double>()},
          {"restarts", static_cast<double>(restarts)}};
}

Figures Vqvae::prior_step(const data::Batch& batch, StepContext& ctx) {
  torch::Tensor codes;
  {
    torch::NoGradGuard no_grad;
    codes = encode_codes(batch.x);
    quantizer->code_counts.add_(torch::bincount(codes.reshape({-1}), {}, config.codebook_size).to(torch::kFloat64));
  }
  auto logits = prior_logits(codes);
  auto nll = torch::cross_entropy_loss(logits.reshape({-1, config.codebook_size}), codes.reshape({-1}));
  ctx.update("prior", nll);
  return {{"prior_nll", nll.item<double>()}};
}

Figures Vqvae::training_step(const data::Batch& batch, StepContext& ctx) {
  auto figures = in_prior_stage() ? prior_step(batch, ctx) : autoencoder_step(batch, ctx);
  ++m_steps;
  return figures;
}

Figures Vqvae::eval_step(const data::Batch& batch, torch::Generator& /*rng*/) {
  torch::NoGradGuard no_grad;
  const auto& x = batch.x;
  const int64_t b = x.size(0);
  auto codes = encode_codes(x);  // (B, h, w)
  auto recon_error = (decode_codes(codes) - x).pow(2).sum() / b;
  auto flat = codes.reshape({-1});
  auto counts = torch::bincount(flat, {}, config.codebook_size).to(torch::kFloat64);
  auto p = counts / static_cast<double>(flat.size(0));
  auto perplexity = torch::exp(-(p * torch::log(p.clamp_min(1e-30))).sum());
  Figures figures = {{"val_recon", recon_error.item<double>()},
                     {"val_perplexity", perplexity.item<double>()},
                     {"val_usage", counts.gt(0).sum().item<double>() / static_cast<double>(config.codebook_size)}};
  if (!prior_trained()) return figures;
  auto logits = prior_logits(codes);
  const double nll = torch::cross_entropy_loss(logits.reshape({-1, config.codebook_size}), flat).item<double>();
  // The baseline: codes independent, with add-one smoothed frequencies of stage 2's training codes.
  const auto& n = quantizer->code_counts;
  auto unigram = ((n + 1.0) / (n.sum() + static_cast<double>(config.codebook_size))).to(x.device());
  const double unigram_nll = -unigram.log().index_select(0, flat).mean().item<double>();
  figures.push_back({"val_prior_nll", nll});
  figures.push_back({"val_prior_nll_image", nll * static_cast<double>(codes.size(1) * codes.size(2))});
  figures.push_back({"val_unigram_nll", unigram_nll});
  return figures;
}

Samples Vqvae::sample(const SampleRequest& request) {
  torch::NoGradGuard no_grad;
  auto gen = backend::make_cpu_generator(request.seed);
  const auto device = quantizer->codebook.device();
  const int64_t h = config.height / k_downsample, w = config.width / k_downsample, t = h * w;
  auto caches = prior->make_caches(request.n);
  auto codes = torch::empty({request.n, t}, torch::kInt64);
  auto token = torch::full({request.n, 1}, config.codebook_size, torch::TensorOptions(torch::kInt64).device(device));
  for (int64_t i = 0; i < t; ++i) {
    auto logits = prior->forward(token, &caches, i).select(1, 0).slice(1, 0, config.codebook_size);
    auto probs = logits.to(torch::kCPU, torch::kFloat32).softmax(-1);
    auto next = torch::multinomial(probs, 1, /*replacement=*/false, gen);  // (N, 1)
    codes.select(1, i).copy_(next.select(1, 0));
    token = next.to(device);
  }
  return {decode_codes(codes.reshape({request.n, h, w}).to(device)).to(torch::kCPU)};
}

void Vqvae::save_state(backend::ArchiveWriter& out) { out.put("state.steps", torch::tensor(m_steps, torch::kInt64)); }

void Vqvae::load_state(const backend::ArchiveReader& in) { m_steps = in.get("state.steps").item<int64_t>(); }

std::unique_ptr<Model> create_vqvae(core::Settings& settings, const data::DataInfo& data) {
  VqvaeConfig c;
  settings.bind("model", c);
  fill_image_shape(data, c.channels, c.height, c.width);
  if (c.channels <= 0 || c.height <= 0 || c.width <= 0) fail("vqvae: image shape unknown; train it on image data");
  if (c.height % k_downsample != 0 || c.width % k_downsample != 0)
    fail("vqvae: images of {}x{} do not divide into {}x{} cells; use sizes divisible by {}", c.height, c.width,
         k_downsample, k_downsample, k_downsample);
  if (c.hidden < 2 || c.hidden % 2 != 0) fail("vqvae: model.hidden = {} must be even and at least 2", c.hidden);
  if (c.res_blocks < 0 || c.codebook_size <= 0 || c.code_dim <= 0)
    fail("vqvae: model.res_blocks must be >= 0, codebook_size and code_dim positive");
  if (c.decay <= 0 || c.decay >= 1) fail("vqvae: model.decay = {} must be in (0, 1)", c.decay);
  if (c.epsilon <= 0 || c.beta < 0 || c.restart_below < 0)
    fail("vqvae: model.epsilon must be positive, beta and restart_below not negative");
  if (c.prior_from <= 0) fail("vqvae: model.prior_from = {} must be positive (stage 1 trains the codes)", c.prior_from);
  if (c.prior_layers <= 0 || c.prior_heads <= 0 || c.prior_width <= 0)
    fail("vqvae: model.prior_layers, prior_heads and prior_width must be positive");
  if (c.prior_width % c.prior_heads != 0)
    fail("vqvae: model.prior_width = {} must be divisible by model.prior_heads = {}", c.prior_width, c.prior_heads);
  return std::make_unique<Vqvae>(c);
}

}  // namespace genlab::models
