// `genlab sample`'s options and flags, torch-free: the launcher (launcher.cpp) parses a command line
// exactly as the full program does before deciding whether it can sample without LibTorch.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "genlab/music/events.h"
#include "genlab/sample/sampler.h"

namespace genlab::cli {

struct TextSampleOptions {
  std::string prompt;             // conditioning text
  std::string prompt_file;        // read the prompt from this file instead
  int64_t max_tokens = 500;       // generated tokens per sample
  std::vector<std::string> stop;  // stop strings
  bool no_kv_cache = false;       // recompute the context for every token (for comparison)
  sample::SamplerConfig sampler;  // the sampler chain's settings (seed set by the caller)
};

struct MusicSampleOptions {
  double seconds = 30;         // music per sample (time shifts summed)
  std::string primer;          // MIDI file whose events start every sample (the output continues it)
  int64_t max_events = 20000;  // safety cap on events per sample
  bool no_audio = false;       // skip the .wav rendering
  double max_note_seconds = music::k_generated_max_note_s;  // longest note the decoder lets sound; 0 = no cap
};

struct SampleOptions {
  std::string model;   // run directory or .ckpt
  int64_t n = 0;       // number of samples; 0 = 64 images or 1 text
  int64_t seed = -1;   // -1: a fresh random seed, printed
  std::string output;  // grid PNG path (images) or text file (text)
  std::string each;    // directory for one PNG per sample
  int cols = 0;        // grid columns; 0 = near-square
  int scale = 1;       // grid upscaling factor (nearest neighbour), for small images
  int threads = 0;
  std::string device = "auto";
  bool no_watermark = false;  // sign the output but leave it unwatermarked
  std::string class_name;     // conditional image models: a class name or index; "" = every class in turn
  TextSampleOptions text;     // text families only (its sampler settings serve music too)
  MusicSampleOptions music;   // models trained on music
};

// Binds every `genlab sample` flag to o.
void add_sample_options(CLI::App& app, SampleOptions& o);

// The seed a sampling run uses: --seed, or a fresh random one (printed by the caller) when -1.
uint64_t resolve_seed(int64_t seed);

}  // namespace genlab::cli
