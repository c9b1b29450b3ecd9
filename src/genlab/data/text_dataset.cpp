// Text data sets: a corpus split nanoGPT's way (the last val_fraction held out), tokenized once into
// a token-stream data set (token_dataset.cpp).
#include "genlab/core/check.h"
#include "genlab/data/datasets.h"
#include "genlab/data/text_corpus.h"
#include "genlab/text/utf8.h"

namespace genlab::data {
namespace {

constexpr const char* k_builtin_prefix = "builtin:";

}  // namespace

TextSplit load_text_split(const DataConfig& config, const std::string& default_path) {
  const std::string path = config.path.empty() ? default_path : config.path;
  const bool builtin = path.rfind(k_builtin_prefix, 0) == 0;
  const TextCorpus corpus = builtin ? builtin_corpus(path.substr(std::string(k_builtin_prefix).size()))
                                    : read_text_corpus(path);
  const auto [train, val] = split_text(corpus.text, config.val_fraction);
  return {std::string(train), std::string(val), corpus.source};
}

std::unique_ptr<Dataset> open_text_dataset(const DataConfig& config, const std::string& path, uint64_t seed,
                                           std::shared_ptr<const text::Tokenizer> tokenizer) {
  DataConfig c = config;
  c.path = path;
  const TextSplit split = load_text_split(c, path);
  if (!tokenizer) {
    text::TokenizerConfig tc;
    tc.kind = config.tokenizer;
    tc.vocab_size = static_cast<int32_t>(config.vocab_size);
    tokenizer = text::train_tokenizer(tc, split.train);
  }
  DataInfo info;
  info.modality = Modality::text;
  info.example_shape = {config.context};
  info.vocab_size = tokenizer->vocab_size();
  info.source = fmt::format("{} ({} characters, {} tokenizer of {} tokens)", split.source,
                            text::count_code_points(split.train) + text::count_code_points(split.val),
                            tokenizer->kind(), tokenizer->vocab_size());
  info.tokenizer = tokenizer;
  return make_token_dataset(tokenizer->encode(split.train), tokenizer->encode(split.val), std::move(info), config,
                            seed);
}

}  // namespace genlab::data
