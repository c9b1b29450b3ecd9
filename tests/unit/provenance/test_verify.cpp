// Tests for provenance/embed and provenance/verify: sign -> verify for every container, each
// tampering case and its status, re-signing, exit codes and the JSON rendering.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/image/png.h"
#include "genlab/provenance/embed.h"
#include "genlab/provenance/verify.h"
#include "support/temp_dir.h"
#include "unit/provenance/tiny_files.h"

namespace genlab::provenance {
namespace {

using namespace provenance::testing;

// One file per container: its bytes, and the same file with one byte/pixel of content changed.
struct Case {
  std::string name;
  std::string original;
  std::string modified;
};

std::vector<Case> cases() {
  return {{"img.png", tiny_png(10), tiny_png(11)},
          {"anim.gif", tiny_gif(10), tiny_gif(11)},
          {"sound.wav", tiny_wav("\x01\x02\x03"), tiny_wav("\x01\x02\x04")},
          {"song.mid", tiny_midi(64), tiny_midi(65)},
          {"story.txt", "Once upon a time.\n", "Once upon a tide.\n"}};
}

ProvenanceRecord what_made_it() {
  ProvenanceRecord r;
  r.model_family = "dcgan";
  r.checkpoint_hash = "3f9a12bc0d1e" + std::string(52, '0');
  r.sampling = R"({"temperature":1.0})";
  r.seed = 42;
  r.created = "2026-05-01T12:00:00Z";
  return r;
}

// Edits the record text stored with path (inside the file, or in its sidecar) in place, as an
// attacker with a hex editor would, keeping the container well formed.
void edit_record(const std::string& path, const std::string& from, const std::string& to) {
  const StoredRecord stored = read_stored_record(path);
  ASSERT_TRUE(stored.text);
  std::string text = *stored.text;
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  if (stored.container == Container::sidecar)
    core::write_file_atomic(sidecar_path(path), text);
  else
    core::write_file_atomic(path, embed_record(stored.content, stored.container, text, path));
}

class Verify : public ::testing::Test {
 protected:
  genlab::testing::TempDir tmp;
  KeyPair alice = key_pair_from_seed(Seed{1});
  KeyPair mallory = key_pair_from_seed(Seed{2});

  std::string signed_file(const Case& c, const KeyPair& key) {
    const std::string path = tmp.file(c.name);
    core::write_file_atomic(path, c.original);
    sign_and_embed(path, what_made_it(), key);
    return path;
  }
};

TEST_F(Verify, SignedFilesVerifyIntactAndStripBackToTheOriginal) {
  for (const Case& c : cases()) {
    const std::string path = signed_file(c, alice);
    const VerifyResult result = verify_file(path);
    EXPECT_EQ(result.status, VerifyStatus::signed_intact) << result.message;
    EXPECT_EQ(result.message, path + ": signed by key " + key_id(alice.public_key) +
                                  ", content intact (dcgan, checkpoint 3f9a12bc0d1e, "
                                  "2026-05-01T12:00:00Z)");
    EXPECT_EQ(result.signer_key_id, key_id(alice.public_key));
    EXPECT_EQ(verify_file(path, {alice.public_key}).status, VerifyStatus::signed_intact);
    const StoredRecord stored = read_stored_record(path);
    EXPECT_EQ(stored.content, c.original) << c.name;
    EXPECT_EQ(read_record(path).seed, 42u);
    EXPECT_EQ(read_record(path).embedding, container_name(stored.container));
  }
}

TEST_F(Verify, ChangedContentIsContentModified) {
  for (const Case& c : cases()) {
    const std::string path = signed_file(c, alice);
    const StoredRecord stored = read_stored_record(path);
    if (stored.container != Container::sidecar)
      core::write_file_atomic(path, embed_record(c.modified, stored.container, *stored.text, path));
    else
      core::write_file_atomic(path, c.modified);
    const VerifyResult result = verify_file(path);
    EXPECT_EQ(result.status, VerifyStatus::content_modified) << c.name << ": " << result.message;
    EXPECT_EQ(result.message, path + ": content modified after signing (record by key " +
                                  key_id(alice.public_key) + " is intact; content hash differs)");
  }
}

TEST_F(Verify, EditedRecordIsRecordTampered) {
  for (const Case& c : cases()) {
    const std::string path = signed_file(c, alice);
    edit_record(path, "\"seed\":42", "\"seed\":43");
    const VerifyResult result = verify_file(path);
    EXPECT_EQ(result.status, VerifyStatus::record_tampered) << c.name << ": " << result.message;
    EXPECT_EQ(
        result.message,
        path + ": record tampered: provenance record signature does not match its signer key");
  }
}

TEST_F(Verify, OtherSignersAreUntrustedOrTampered) {
  const std::string alice_hex = to_hex(alice.public_key.data(), 32);
  const std::string mallory_hex = to_hex(mallory.public_key.data(), 32);
  for (const Case& c : cases()) {
    const std::string path = signed_file(c, mallory);
    EXPECT_EQ(verify_file(path).status, VerifyStatus::signed_intact);
    const VerifyResult untrusted = verify_file(path, {alice.public_key});
    EXPECT_EQ(untrusted.status, VerifyStatus::untrusted_signer) << c.name;
    EXPECT_EQ(untrusted.message, path + ": signed by key " + key_id(mallory.public_key) +
                                     ", which is not a trusted key");
    EXPECT_EQ(verify_file(path, {alice.public_key, mallory.public_key}).status,
              VerifyStatus::signed_intact);
    // Mallory's signature passed off as Alice's.
    edit_record(path, mallory_hex, alice_hex);
    EXPECT_EQ(verify_file(path, {alice.public_key}).status, VerifyStatus::record_tampered)
        << c.name;
  }
}

TEST_F(Verify, FutureVersionIsUnsupported) {
  for (const Case& c : cases()) {
    const std::string path = signed_file(c, alice);
    edit_record(path, "\"format_version\":\"1\"", "\"format_version\":\"2\"");
    const VerifyResult result = verify_file(path);
    EXPECT_EQ(result.status, VerifyStatus::unsupported_version) << c.name;
    EXPECT_EQ(result.message, path +
                                  ": provenance record version 2 is newer than this genlab (reads "
                                  "1); upgrade genlab");
  }
}

TEST_F(Verify, UnsignedMissingAndMislabelledFiles) {
  for (const Case& c : cases()) {
    const std::string path = tmp.file(c.name);
    core::write_file_atomic(path, c.original);
    EXPECT_EQ(verify_file(path).status, VerifyStatus::no_record) << c.name;
    EXPECT_EQ(verify_file(path).message, path + ": no provenance record");
  }
  const VerifyResult missing = verify_file(tmp.file("missing.png"));
  EXPECT_EQ(missing.status, VerifyStatus::unreadable);
  EXPECT_EQ(missing.message.rfind(tmp.file("missing.png") + ": cannot read: ", 0), 0u);
  EXPECT_EQ(verify_file(tmp.path()).message, tmp.path() + ": is a directory, not a file");

  const std::string fake = tmp.file("fake.png");
  core::write_file_atomic(fake, tiny_gif(1));
  const VerifyResult mislabelled = verify_file(fake);
  EXPECT_EQ(mislabelled.status, VerifyStatus::unreadable);
  EXPECT_EQ(mislabelled.message, fake + ": not a PNG file (starts with 'GIF8')");
  EXPECT_THROW(sign_and_embed(fake, what_made_it(), alice), Error);
  EXPECT_EQ(core::read_file(fake), tiny_gif(1));
}

TEST_F(Verify, ResigningReplacesTheRecord) {
  const Case c = cases()[0];
  const std::string path = signed_file(c, mallory);
  ProvenanceRecord again = what_made_it();
  again.seed = 7;
  sign_and_embed(path, again, alice);
  EXPECT_EQ(read_stored_record(path).content, c.original);
  EXPECT_EQ(read_record(path).seed, 7u);
  EXPECT_EQ(verify_file(path, {alice.public_key}).status, VerifyStatus::signed_intact);
  EXPECT_EQ(image::read_png_text(path).size(), 1u);
}

TEST_F(Verify, RunVerifyPrintsOneLinePerFileAndExitsWithFirstFailure) {
  const std::string good = signed_file(cases()[0], alice);
  const std::string plain = tmp.file("plain.wav");
  core::write_file_atomic(plain, tiny_wav("ab"));
  std::ostringstream out;
  EXPECT_EQ(run_verify({good}, {}, /*json=*/false, out), 0);
  EXPECT_EQ(run_verify({good, plain, tmp.file("nope.gif")}, {}, false, out), 3);
  EXPECT_EQ(run_verify({good}, {to_hex(mallory.public_key.data(), 32)}, false, out), 6);

  std::ostringstream json;
  EXPECT_EQ(run_verify({good, plain}, {}, /*json=*/true, json), 3);
  const nlohmann::json parsed = nlohmann::json::parse(json.str());
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0]["status"], "signed_intact");
  EXPECT_EQ(parsed[0]["exit_code"], 0);
  EXPECT_EQ(parsed[0]["signer_key_id"], key_id(alice.public_key));
  EXPECT_EQ(parsed[0]["record"]["model_family"], "dcgan");
  EXPECT_EQ(parsed[0]["record"]["sampling"]["temperature"], 1.0);
  EXPECT_EQ(parsed[1]["status"], "no_record");
  EXPECT_EQ(parsed[1]["exit_code"], 3);
  EXPECT_FALSE(parsed[1].contains("record"));
}

TEST(VerifyStatus, ExitCodesAreDistinctAndAboveTwo) {
  const std::vector<std::pair<VerifyStatus, int>> table = {
      {VerifyStatus::signed_intact, 0},    {VerifyStatus::no_record, 3},
      {VerifyStatus::content_modified, 4}, {VerifyStatus::record_tampered, 5},
      {VerifyStatus::untrusted_signer, 6}, {VerifyStatus::unsupported_version, 7},
      {VerifyStatus::unreadable, 8}};
  for (const auto& [status, code] : table)
    EXPECT_EQ(exit_code(status), code) << status_name(status);
}

}  // namespace
}  // namespace genlab::provenance
