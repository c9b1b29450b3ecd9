// verify_file: the checks in the order that gives the most useful answer (can we read it, is
// there a record, can we read that version, is it genuine, do we trust who signed, is the content
// what was signed), and the CLI/JSON renderings of the result.
#include "genlab/provenance/verify.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "genlab/core/check.h"
#include "genlab/core/hash.h"
#include "genlab/provenance/embed.h"

namespace genlab::provenance {
namespace {

std::string describe_maker(const ProvenanceRecord& r) {
  std::string out = r.model_family.empty() ? "unknown model" : r.model_family;
  if (!r.checkpoint_hash.empty()) out += ", checkpoint " + r.checkpoint_hash.substr(0, 12);
  if (!r.created.empty()) out += ", " + r.created;
  return out;
}

VerifyResult finish(VerifyResult result, VerifyStatus status, std::string message) {
  result.status = status;
  result.message = result.path + ": " + message;
  return result;
}

}  // namespace

int exit_code(VerifyStatus status) {
  switch (status) {
    case VerifyStatus::signed_intact:
      return 0;
    case VerifyStatus::no_record:
      return 3;
    case VerifyStatus::content_modified:
      return 4;
    case VerifyStatus::record_tampered:
      return 5;
    case VerifyStatus::untrusted_signer:
      return 6;
    case VerifyStatus::unsupported_version:
      return 7;
    case VerifyStatus::unreadable:
      return 8;
  }
  return 8;
}

const char* status_name(VerifyStatus status) {
  switch (status) {
    case VerifyStatus::signed_intact:
      return "signed_intact";
    case VerifyStatus::no_record:
      return "no_record";
    case VerifyStatus::content_modified:
      return "content_modified";
    case VerifyStatus::record_tampered:
      return "record_tampered";
    case VerifyStatus::untrusted_signer:
      return "untrusted_signer";
    case VerifyStatus::unsupported_version:
      return "unsupported_version";
    case VerifyStatus::unreadable:
      return "unreadable";
  }
  return "unreadable";
}

VerifyResult verify_file(const std::string& path, const std::vector<PublicKey>& trusted) {
  VerifyResult result;
  result.path = path;
  StoredRecord stored;
  try {
    stored = read_stored_record(path);
  } catch (const Error& e) {
    result.status = VerifyStatus::unreadable;
    result.message = e.what();
    return result;
  }
  if (!stored.text) return finish(result, VerifyStatus::no_record, "no provenance record");

  CheckedRecord checked = check_record(*stored.text);
  if (checked.state == RecordState::newer_version)
    return finish(result, VerifyStatus::unsupported_version, checked.problem);
  if (checked.state == RecordState::malformed)
    return finish(result, VerifyStatus::record_tampered, "record tampered: " + checked.problem);
  result.record = checked.record;
  result.made_by = describe_maker(checked.record);
  PublicKey signer{};
  from_hex(checked.record.signer, signer.data(), signer.size());  // checked by check_record
  result.signer_key_id = key_id(signer);
  if (checked.state == RecordState::bad_signature)
    return finish(result, VerifyStatus::record_tampered, "record tampered: " + checked.problem);

  if (!trusted.empty() && std::find(trusted.begin(), trusted.end(), signer) == trusted.end())
    return finish(result, VerifyStatus::untrusted_signer,
                  "signed by key " + result.signer_key_id + ", which is not a trusted key");
  if (core::to_hex(core::blake2b_256(stored.content)) != checked.record.content_hash)
    return finish(result, VerifyStatus::content_modified,
                  "content modified after signing (record by key " + result.signer_key_id +
                      " is intact; content hash differs)");
  return finish(
      result, VerifyStatus::signed_intact,
      "signed by key " + result.signer_key_id + ", content intact (" + result.made_by + ")");
}

std::string to_json(const VerifyResult& result) {
  nlohmann::json j = {{"path", result.path},
                      {"status", status_name(result.status)},
                      {"exit_code", exit_code(result.status)},
                      {"message", result.message},
                      {"signer_key_id", result.signer_key_id},
                      {"made_by", result.made_by}};
  if (result.record) j["record"] = nlohmann::json::parse(canonical_json(*result.record));
  // Paths and messages may hold bytes that are not UTF-8; replace rather than throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_verify(const std::vector<std::string>& paths, const std::vector<std::string>& trusted,
               bool json, std::ostream& out) {
  std::vector<PublicKey> keys;
  for (const std::string& key : trusted) keys.push_back(parse_trusted_key(key));
  int code = 0;
  if (json) out << "[";
  for (size_t i = 0; i < paths.size(); ++i) {
    const VerifyResult result = verify_file(paths[i], keys);
    if (code == 0) code = exit_code(result.status);
    if (json)
      out << (i ? "," : "") << to_json(result);
    else
      out << result.message << "\n";
  }
  if (json) out << "]\n";
  return code;
}

}  // namespace genlab::provenance
