// `genlab sample` for a text model (gpt, lstm, gru, rnn) on the CPU without LibTorch. Loading
// LibTorch (Debian's links ~290 libraries: OpenCV, FFmpeg, ...) takes ~0.6 s before the first
// instruction of genlab runs; batch-1 decoding needs none of it. The launcher (launcher.cpp) tries
// this first.
#pragma once

#include <optional>

namespace genlab::cli {

// Runs `genlab sample ...` (argv[1] == "sample") when the model is a gpt / lstm / gru / rnn text
// checkpoint (format 2, float32) sampled on the CPU (gpt: with its KV cache), writing exactly what the full program writes for the
// same flags and seed; returns its exit code. Returns nullopt, having written nothing, when it
// cannot (another family, --device cuda, --no-kv-cache, help, a flag error, a damaged checkpoint):
// the full program then runs and reports.
std::optional<int> fast_sample(int argc, char** argv);

}  // namespace genlab::cli
