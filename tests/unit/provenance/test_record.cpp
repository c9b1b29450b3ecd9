// Tests for provenance/record: the exact canonical JSON, stable number formatting, signing and
// each check_record outcome.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <regex>

#include "genlab/core/error.h"
#include "genlab/provenance/record.h"
#include "support/error_of.h"

namespace genlab::provenance {
namespace {

using genlab::testing::error_of;

ProvenanceRecord example() {
  ProvenanceRecord r;
  r.generator_version = "0.1.0";
  r.model_family = "gpt";
  r.checkpoint_hash = std::string(64, 'c');
  r.sampling = R"({"top_k":40, "temperature":0.8})";
  r.seed = 42;
  r.prompt_length = 11;
  r.created = "2026-05-01T12:00:00Z";
  r.watermark = R"({"scheme":"kirchenbauer","gamma":0.25,"delta":2})";
  r.embedding = "sidecar";
  r.content_hash = std::string(64, 'a');
  return r;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(Record, CanonicalJsonIsSortedCompactUtf8) {
  ProvenanceRecord r = example();
  r.model_family = "gpt-ü";
  r.signer = "ab";
  r.signature = "cd";
  EXPECT_EQ(canonical_json(r),
            R"({"checkpoint_hash":")" + std::string(64, 'c') + R"(","content_hash":")" +
                std::string(64, 'a') +
                R"(","created":"2026-05-01T12:00:00Z","embedding":"sidecar",)"
                R"("format_version":"1","generator":"genlab","generator_version":"0.1.0",)"
                R"("model_family":"gpt-ü","prompt_length":11,)"
                R"("sampling":{"temperature":0.8,"top_k":40},"seed":42,"signature":"cd",)"
                R"("signer":"ab","watermark":{"delta":2,"gamma":0.25,"scheme":"kirchenbauer"}})");
  EXPECT_EQ(canonical_json(r, /*with_signature=*/false).find("signature"), std::string::npos);
  r.prompt_length.reset();
  EXPECT_EQ(canonical_json(r).find("prompt_length"), std::string::npos);
}

TEST(Record, NumbersRedumpIdenticallyAfterParsing) {
  // text as written by the signer -> canonical form; canonical form must be a fixed point.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0.8", "0.8"},
      {"0.1", "0.1"},
      {"1e-7", "1e-07"},
      {"1E+100", "1e+100"},
      {"2.0", "2.0"},
      {"-3", "-3"},
      {"18446744073709551615", "18446744073709551615"},
      {"0.30000000000000004", "0.30000000000000004"},
  };
  for (const auto& [in, canonical] : cases) {
    const std::string dumped = nlohmann::json::parse("{\"x\":" + in + "}").dump();
    EXPECT_EQ(dumped, "{\"x\":" + canonical + "}") << in;
    EXPECT_EQ(nlohmann::json::parse(dumped).dump(), dumped) << in;
  }
}

TEST(Record, SamplingAndWatermarkMustBeObjects) {
  ProvenanceRecord r = example();
  r.sampling = "[1,2]";
  EXPECT_EQ(error_of([&] { canonical_json(r); }),
            "provenance record: 'sampling' must be a JSON object, got '[1,2]'");
  r = example();
  r.model_family = "bad \xff utf8";
  EXPECT_EQ(error_of([&] { canonical_json(r); }), "provenance record: a field is not valid UTF-8");
}

TEST(Record, SignedRecordChecksValidAndRoundTrips) {
  const KeyPair key = key_pair_from_seed(Seed{7});
  ProvenanceRecord r = example();
  r.created.clear();
  r.generator_version.clear();
  const std::string text = sign_record(r, key);
  EXPECT_TRUE(std::regex_match(r.created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_EQ(r.generator_version, GENLAB_VERSION);
  EXPECT_EQ(r.signer, to_hex(key.public_key.data(), 32));
  EXPECT_EQ(r.signature.size(), 128u);
  const CheckedRecord checked = check_record(text);
  EXPECT_EQ(checked.state, RecordState::valid) << checked.problem;
  EXPECT_EQ(canonical_json(checked.record), text);
  // Whitespace around the stored record does not matter: the signed bytes are rebuilt.
  EXPECT_EQ(check_record(nlohmann::json::parse(text).dump(2)).state, RecordState::valid);
}

TEST(Record, CheckOutcomes) {
  ProvenanceRecord r = example();
  const std::string text = sign_record(r, key_pair_from_seed(Seed{7}));
  const std::string other_signer = to_hex(key_pair_from_seed(Seed{8}).public_key.data(), 32);
  struct Row {
    std::string text;
    RecordState state;
    std::string problem;
  };
  const std::vector<Row> rows = {
      {replace(text, "\"seed\":42", "\"seed\":43"), RecordState::bad_signature,
       "provenance record signature does not match its signer key"},
      {replace(text, r.signer, other_signer), RecordState::bad_signature,
       "provenance record signature does not match its signer key"},
      {replace(text, "\"format_version\":\"1\"", "\"format_version\":\"2\""),
       RecordState::newer_version,
       "provenance record version 2 is newer than this genlab (reads 1); upgrade genlab"},
      {replace(text, "\"format_version\":\"1\"", "\"format_version\":\"1.4\""),
       RecordState::bad_signature, "provenance record signature does not match its signer key"},
      {replace(text, "\"format_version\":\"1\"", "\"format_version\":\"x\""),
       RecordState::malformed, "provenance record has no valid 'format_version'"},
      {replace(text, "\"seed\":42", "\"seed\":-4"), RecordState::malformed,
       "provenance record field 'seed' must be a non-negative integer"},
      {replace(text, "\"model_family\":\"gpt\"", "\"model_family\":7"), RecordState::malformed,
       "provenance record field 'model_family' must be a string"},
      {replace(text, r.signature, "00"), RecordState::malformed,
       "provenance record signer or signature is not hex of the right length"},
      {text.substr(0, text.size() - 1), RecordState::malformed,
       "provenance record is not a JSON object"},
  };
  for (const Row& row : rows) {
    const CheckedRecord checked = check_record(row.text);
    EXPECT_EQ(checked.state, row.state) << row.text;
    EXPECT_EQ(checked.problem, row.problem) << row.text;
  }
  EXPECT_EQ(error_of([&] { parse_record(rows[2].text, "out.png"); }),
            "out.png: provenance record version 2 is newer than this genlab (reads 1); upgrade "
            "genlab");
}

}  // namespace
}  // namespace genlab::provenance
