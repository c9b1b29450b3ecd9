// `genlab explain MODEL --text "..." [-o DIR]`: what a text model finds hard and where it looks.
// Writes DIR/surprisal.html (each token coloured by its surprisal in bits, with the model's top
// predictions on hover) and, for attention families, DIR/attention-layerN.png (one heat map per
// head, query rows by key columns, brighter = more weight).
#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "apps/cli/commands.h"
#include "genlab/backend/device.h"
#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/image/grid.h"
#include "genlab/image/png.h"
#include "genlab/models/serialize.h"

namespace genlab::cli {
namespace {

struct ExplainOptions {
  std::string model;           // run directory or .ckpt
  std::string text;            // text to explain
  std::string text_file;       // or read it from this file
  std::string output = "explain";  // output directory
  int threads = 0;
  std::string device = "auto";
};

struct TokenView {
  std::string text;                          // the token's bytes
  double bits = 0;                           // -log2 p(token | prefix); 0 for the first token
  std::vector<std::pair<std::string, double>> top;  // the model's 3 likeliest tokens there, with p
};

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "\u21b5<br>"; break;
      default: out += c;
    }
  }
  return out;
}

std::string surprisal_html(const std::vector<TokenView>& tokens, const std::string& model, double mean_bits) {
  std::string body;
  for (const auto& t : tokens) {
    const double heat = std::min(1.0, t.bits / 12.0);  // 12 bits and above: full red
    std::string title = fmt::format("{:.2f} bits", t.bits);
    for (const auto& [text, p] : t.top) title += fmt::format("&#10;{:.1f}% {}", 100 * p, html_escape(text));
    body += fmt::format(R"html(<span style="background:rgba(220,40,30,{:.3f})" title="{}">{}</span>)html", heat, title,
                        html_escape(t.text));
  }
  return fmt::format(R"html(<!doctype html><meta charset="utf-8"><title>genlab explain</title>
<style>body{{font:15px/1.9 monospace;max-width:60em;margin:2em auto}} span{{border-radius:2px}}</style>
<h3>Surprisal per token: {}</h3>
<p>Redder = more surprising (bits = &minus;log<sub>2</sub> p(token | everything before); 12+ bits is full red).
Hover a token for the model's three likeliest choices at that point. Mean {:.3f} bits/token over {} tokens.</p>
<p>{}</p>
)html",
                     html_escape(model), mean_bits, tokens.size() > 0 ? tokens.size() - 1 : 0, body);
}

// (n_head, T, T) weights -> one grey tile per head, each cell scale x scale pixels.
Image attention_image(const torch::Tensor& maps) {
  const int64_t heads = maps.size(0), t = maps.size(1);
  const int scale = static_cast<int>(std::max<int64_t>(1, 256 / t));
  std::vector<Image> tiles;
  for (int64_t h = 0; h < heads; ++h) {
    auto m = maps[h].contiguous().to(torch::kFloat32);
    Image img;
    img.width = img.height = static_cast<int>(t);
    img.pixels.resize(static_cast<size_t>(t * t));
    const float* p = m.data_ptr<float>();
    for (int64_t i = 0; i < t * t; ++i)
      img.pixels[static_cast<size_t>(i)] = static_cast<uint8_t>(std::lround(255.0 * std::sqrt(std::clamp(p[i], 0.0f, 1.0f))));
    tiles.push_back(image::upscale(img, scale));
  }
  return image::tile(tiles, static_cast<int>(heads), /*pad=*/4);
}

}  // namespace

Runner setup_explain(CLI::App& app) {
  auto o = std::make_shared<ExplainOptions>();
  app.add_option("model", o->model, "run directory (its latest checkpoint) or .ckpt file of a text model")->required();
  app.add_option("--text", o->text, "text to explain");
  app.add_option("--text-file", o->text_file, "read the text from this file");
  app.add_option("-o,--output", o->output, "output directory")->capture_default_str();
  app.add_option("--threads", o->threads, "CPU threads (0 = all cores)");
  app.add_option("--device", o->device, "auto | cpu | cuda | cuda:N");
  return [o] {
    init_runtime(o->threads);
    const std::string text = o->text_file.empty() ? o->text : core::read_file(o->text_file);
    if (text.empty()) fail("explain: give --text or --text-file");
    auto opened = models::open_model(o->model, backend::choose_device(o->device));
    if (!opened.data.tokenizer) fail("{}: explain covers text models; this is a {} model", o->model, opened.model->family());
    const auto& tok = *opened.data.tokenizer;
    const std::vector<int32_t> ids = tok.encode(text);

    std::vector<TokenView> views;
    auto decoder = opened.model->decoder({});
    std::vector<float> logits;
    double total_bits = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
      TokenView v;
      v.text = tok.token_bytes(ids[i]);
      if (i > 0) {
        const auto logp = torch::log_softmax(torch::tensor(logits), 0);
        v.bits = -logp[ids[i]].item<double>() / std::log(2.0);
        total_bits += v.bits;
        const auto [p, idx] = logp.exp().topk(3);
        for (int k = 0; k < 3; ++k) v.top.emplace_back(tok.token_bytes(idx[k].item<int32_t>()), p[k].item<double>());
      }
      views.push_back(std::move(v));
      logits = decoder->feed({ids[i]});
    }
    core::create_directories(o->output);
    const double mean_bits = ids.size() > 1 ? total_bits / static_cast<double>(ids.size() - 1) : 0;
    const std::string html = core::join_path(o->output, "surprisal.html");
    core::write_file_atomic(html, surprisal_html(views, o->model, mean_bits));
    fmt::print("wrote {} ({} tokens, mean surprisal {:.3f} bits/token)\n", html, ids.size(), mean_bits);

    const auto maps = opened.model->attention_maps(ids);
    for (size_t layer = 0; layer < maps.size(); ++layer) {
      const std::string png = core::join_path(o->output, fmt::format("attention-layer{}.png", layer));
      image::write_png(png, attention_image(maps[layer]));
      fmt::print("wrote {} ({} heads over {} tokens)\n", png, maps[layer].size(0), maps[layer].size(1));
    }
    return 0;
  };
}

}  // namespace genlab::cli
