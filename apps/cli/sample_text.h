// `genlab sample` for autoregressive families: prompt in, text streamed out (see cmd_sample.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "apps/cli/sample_options.h"
#include "genlab/models/decoder.h"
#include "genlab/provenance/labeler.h"
#include "genlab/text/tokenizer.h"

namespace genlab::cli {

// Makes a decoding session for one sample (the model's, or the torch-free GPT decoder's).
using DecoderFactory = std::function<std::unique_ptr<models::Decoder>(const models::DecoderOptions&)>;

// Generates n samples, streaming each to stdout (or collecting them into `output`, then signed with
// `record` completed: prompt length and sampling settings, in a .prov.json sidecar); prints a
// tokens/s line per sample to stderr. Text is watermarked when the labeler watermarks. Text
// streamed to stdout carries no record. Returns the exit code.
int sample_text(const DecoderFactory& make_decoder, const text::Tokenizer& tokenizer, const TextSampleOptions& options,
                int64_t n, uint64_t seed, const std::string& output, const provenance::Labeler& labeler,
                provenance::ProvenanceRecord record, const std::string& model_path);

}  // namespace genlab::cli
