// Tests for provenance/keys: RFC 8032 known answer, key files (mode 0600, refused when looser,
// damaged files), trusted-key parsing, default directory, watermark key derivation.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <functional>
#include <sstream>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/core/hash.h"
#include "genlab/provenance/keys.h"
#include "support/error_of.h"
#include "support/temp_dir.h"

namespace genlab::provenance {
namespace {

using genlab::testing::error_of;

template <size_t N>
std::array<uint8_t, N> hex(const std::string& text) {
  std::array<uint8_t, N> out{};
  EXPECT_TRUE(from_hex(text, out.data(), N)) << text;
  return out;
}

unsigned mode_of(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0);
  return info.st_mode & 07777;
}

// Sets an environment variable for one scope, restoring the old value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    value ? ::setenv(name, value, 1) : ::unsetenv(name);
  }
  ~ScopedEnv() { m_old.empty() ? ::unsetenv(m_name) : ::setenv(m_name, m_old.c_str(), 1); }

 private:
  const char* m_name;
  std::string m_old;
};

TEST(Keys, Rfc8032TestVector1) {
  const KeyPair key = key_pair_from_seed(
      hex<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  EXPECT_EQ(to_hex(key.public_key.data(), 32),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const Signature signature = sign("", key);
  EXPECT_EQ(to_hex(signature.data(), 64),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
            "39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(signature_valid("", signature, key.public_key));
  EXPECT_FALSE(signature_valid("x", signature, key.public_key));
}

TEST(Keys, HexParsing) {
  uint8_t out[2];
  EXPECT_TRUE(from_hex("0aFf", out, 2));
  EXPECT_EQ(out[0], 0x0a);
  EXPECT_EQ(out[1], 0xff);
  EXPECT_FALSE(from_hex("0aF", out, 2));
  EXPECT_FALSE(from_hex("0aFg", out, 2));
  EXPECT_FALSE(from_hex("0aFf00", out, 2));
}

TEST(Keys, KeyIdIsFirstEightBytesOfBlake2bOfPublicKey) {
  const KeyPair key = generate_key_pair();
  const std::string id = key_id(key.public_key);
  const std::string full = core::to_hex(
      core::blake2b_256(std::string(reinterpret_cast<const char*>(key.public_key.data()), 32)));
  EXPECT_EQ(id, full.substr(0, 16));
}

TEST(Keys, WatermarkKeyIsDerivedNotTheSeed) {
  const KeyPair a = key_pair_from_seed(Seed{1, 2, 3});
  const KeyPair b = key_pair_from_seed(Seed{1, 2, 4});
  const WatermarkKey wa = derive_watermark_key(a);
  EXPECT_EQ(wa, derive_watermark_key(key_pair_from_seed(Seed{1, 2, 3})));  // deterministic
  EXPECT_NE(wa, a.seed);
  EXPECT_NE(wa, a.public_key);
  EXPECT_NE(wa, derive_watermark_key(b));
  EXPECT_NE(wa, WatermarkKey{});
}

TEST(Keys, SecretKeyFileRoundTripsWithMode0600) {
  genlab::testing::TempDir tmp;
  const KeyPair key = generate_key_pair();
  const std::string path = tmp.file("k.key");
  save_secret_key(path, key);
  EXPECT_EQ(mode_of(path), 0600u);
  const KeyPair back = load_secret_key(path);
  EXPECT_EQ(back.seed, key.seed);
  EXPECT_EQ(back.public_key, key.public_key);
  const std::string pub = tmp.file("k.pub");
  save_public_key(pub, key.public_key);
  EXPECT_EQ(load_public_key(pub), key.public_key);
}

TEST(Keys, LooseSecretKeyModeIsRefused) {
  genlab::testing::TempDir tmp;
  const std::string path = tmp.file("k.key");
  save_secret_key(path, generate_key_pair());
  for (const auto& [mode, text] : std::vector<std::pair<unsigned, std::string>>{
           {0644, "0644"}, {0640, "0640"}, {0604, "0604"}, {0660, "0660"}}) {
    ::chmod(path.c_str(), mode);
    EXPECT_EQ(error_of([&] { load_secret_key(path); }),
              path + ": permissions " + text + " are too open; run chmod 600 " + path);
  }
  ::chmod(path.c_str(), 0400);
  EXPECT_NO_THROW(load_secret_key(path));
}

TEST(Keys, DamagedKeyFilesAreRefusedNamingTheFile) {
  genlab::testing::TempDir tmp;
  const KeyPair key = key_pair_from_seed(Seed{9});
  const std::string good_seed = to_hex(key.seed.data(), 32);
  const std::string good_pub = to_hex(key.public_key.data(), 32);
  const std::string other_pub = to_hex(key_pair_from_seed(Seed{8}).public_key.data(), 32);
  const auto secret = [&](const std::string& body) {
    const std::string path = tmp.file("s.key");
    core::write_file_atomic(path, body, core::FileAccess::owner_only);
    return error_of([&] { load_secret_key(path); });
  };
  const std::string head = R"({"format":"genlab-secret-key","algorithm":"ed25519",)";
  const std::string path = tmp.file("s.key");
  EXPECT_EQ(secret("not json"), path + ": not a genlab-secret-key file");
  EXPECT_EQ(secret(R"({"format":"genlab-public-key"})"), path + ": not a genlab-secret-key file");
  EXPECT_EQ(secret(head + R"("version":2})"),
            path + ": key file version 2 is newer than this genlab (reads 1); upgrade genlab");
  EXPECT_EQ(secret(head + R"("version":1,"seed":"abc"})"), path + ": 'seed' must be 64 hex digits");
  EXPECT_EQ(secret(head + R"("version":1,"seed":")" + good_seed + R"(","public_key":")" +
                   other_pub + "\"}"),
            path + ": public_key does not match seed; the file is damaged");
  EXPECT_EQ(secret(head + R"("version":1,"seed":")" + good_seed + R"(","public_key":")" + good_pub +
                   "\"}"),
            "(no error)");
}

TEST(Keys, TrustedKeyIsHexOrPublicKeyFile) {
  genlab::testing::TempDir tmp;
  const KeyPair key = generate_key_pair();
  const std::string hex_key = to_hex(key.public_key.data(), 32);
  EXPECT_EQ(parse_trusted_key(hex_key), key.public_key);
  const std::string pub = tmp.file("k.pub");
  save_public_key(pub, key.public_key);
  EXPECT_EQ(parse_trusted_key(pub), key.public_key);
  EXPECT_EQ(error_of([&] { parse_trusted_key("abc"); }),
            "trusted key 'abc': neither 64 hex digits nor an existing public key file");
}

TEST(Keys, DefaultKeyDirFollowsEnvironment) {
  const ScopedEnv home("HOME", "/home/u");
  {
    const ScopedEnv dir("GENLAB_KEY_DIR", "/keys");
    const ScopedEnv xdg("XDG_CONFIG_HOME", "/cfg");
    EXPECT_EQ(default_key_dir(), "/keys");
  }
  {
    const ScopedEnv dir("GENLAB_KEY_DIR", nullptr);
    const ScopedEnv xdg("XDG_CONFIG_HOME", "/cfg");
    EXPECT_EQ(default_key_dir(), "/cfg/genlab");
  }
  const ScopedEnv dir("GENLAB_KEY_DIR", nullptr);
  const ScopedEnv xdg("XDG_CONFIG_HOME", nullptr);
  EXPECT_EQ(default_key_dir(), "/home/u/.config/genlab");
}

TEST(Keys, DefaultKeyIsCreatedOnceThenLoaded) {
  genlab::testing::TempDir tmp;
  const std::string dir = tmp.file("conf/genlab");
  const DefaultKey first = load_or_create_default_key(dir);
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.secret_path, dir + "/signing.key");
  EXPECT_EQ(first.public_path, dir + "/signing.pub");
  EXPECT_EQ(mode_of(first.secret_path), 0600u);
  const DefaultKey second = load_or_create_default_key(dir);
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.key.seed, first.key.seed);
  EXPECT_EQ(load_public_key(second.public_path), first.key.public_key);
}

TEST(Keys, KeygenRefusesToReplaceAKeyUnlessAskedTo) {
  genlab::testing::TempDir tmp;
  std::ostringstream out;
  EXPECT_EQ(run_keygen(tmp.path(), /*overwrite=*/false, out), 0);
  const KeyPair first = load_secret_key(secret_key_path(tmp.path()));
  EXPECT_EQ(out.str().rfind("new signing key " + key_id(first.public_key) + "\n", 0), 0u);
  EXPECT_EQ(error_of([&] { run_keygen(tmp.path(), false, out); }),
            tmp.path() + "/signing.key: a signing key already exists; use --force to replace it");
  EXPECT_EQ(run_keygen(tmp.path(), /*overwrite=*/true, out), 0);
  EXPECT_NE(load_secret_key(secret_key_path(tmp.path())).seed, first.seed);
}

}  // namespace
}  // namespace genlab::provenance
