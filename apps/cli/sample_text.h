// `genlab sample` for autoregressive families: prompt in, text streamed out (see cmd_sample.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "genlab/models/serialize.h"
#include "genlab/provenance/labeler.h"
#include "genlab/sample/sampler.h"

namespace genlab::cli {

struct TextSampleOptions {
  std::string prompt;              // conditioning text
  std::string prompt_file;         // read the prompt from this file instead
  int64_t max_tokens = 500;        // generated tokens per sample
  std::vector<std::string> stop;   // stop strings
  bool no_kv_cache = false;        // recompute the context for every token (for comparison)
  sample::SamplerConfig sampler;   // the sampler chain's settings (seed set by the caller)
};

// Generates n samples, streaming each to stdout (or collecting them into `output`, then signed with
// `record` completed: prompt length and sampling settings, in a .prov.json sidecar); prints a
// tokens/s line per sample to stderr. Text is watermarked when the labeler watermarks. Text
// streamed to stdout carries no record. Returns the exit code.
int sample_text(models::OpenedModel& opened, const TextSampleOptions& options, int64_t n, uint64_t seed,
                const std::string& output, const provenance::Labeler& labeler, provenance::ProvenanceRecord record,
                const std::string& model_path);

}  // namespace genlab::cli
