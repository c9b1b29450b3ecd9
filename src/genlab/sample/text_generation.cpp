// Text generation loop (see text_generation.h).
#include "genlab/sample/text_generation.h"

#include <chrono>

#include "genlab/core/check.h"
#include "genlab/sample/stop_matcher.h"

namespace genlab::sample {

TextResult generate_text(models::Decoder& decoder, const text::Tokenizer& tokenizer, Sampler& sampler,
                         const TextRequest& request, const std::function<void(std::string_view)>& on_text) {
  if (request.max_tokens <= 0) fail("--max-tokens {}: must be positive", request.max_tokens);
  const auto t0 = std::chrono::steady_clock::now();
  TextResult result;
  std::vector<int32_t> history = tokenizer.encode(request.prompt.empty() ? std::string("\n") : request.prompt);
  result.prompt_tokens = static_cast<int64_t>(history.size());

  text::StreamDecoder stream(tokenizer);
  StopMatcher stops(request.stop);
  auto emit = [&](const std::string& piece) {
    if (piece.empty()) return;
    result.text += piece;
    on_text(piece);
  };

  const std::vector<float>* logits = &decoder.feed(history);
  result.prompt_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<float> scores;
  result.stop_reason = "max tokens";
  for (int64_t i = 0; i < request.max_tokens; ++i) {
    scores = *logits;
    const int32_t token = sampler.sample(scores, history);
    history.push_back(token);
    result.tokens.push_back(token);
    const auto step = stops.feed(stream.push(token));
    emit(step.text);
    if (step.stopped) {
      result.stop_reason = "stop string";
      break;
    }
    if (i + 1 < request.max_tokens) logits = &decoder.feed({token});
  }
  if (!stops.stopped()) {
    emit(stops.feed(stream.flush()).text);
    emit(stops.flush());
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace genlab::sample
