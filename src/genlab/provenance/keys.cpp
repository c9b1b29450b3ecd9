// Ed25519 key pairs and their files. The seed is the only secret stored; libsodium's 64-byte
// secret key (seed || public key) is rebuilt for each signature and wiped afterwards.
#include "genlab/provenance/keys.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/core/hash.h"

namespace genlab::provenance {
namespace {

constexpr int k_key_file_version = 1;
constexpr char k_watermark_context[crypto_kdf_CONTEXTBYTES + 1] = "genlabWM";
constexpr uint64_t k_watermark_subkey_id = 1;

void init_sodium() { GENLAB_CHECK(sodium_init() >= 0, "libsodium failed to initialise"); }

// libsodium's 64-byte secret key for a seed, wiped when it goes out of scope.
struct ExpandedSecret {
  unsigned char bytes[crypto_sign_SECRETKEYBYTES];
  explicit ExpandedSecret(const KeyPair& key) {
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_seed_keypair(public_key, bytes, key.seed.data());
  }
  ~ExpandedSecret() { sodium_memzero(bytes, sizeof bytes); }
  ExpandedSecret(const ExpandedSecret&) = delete;
  ExpandedSecret& operator=(const ExpandedSecret&) = delete;
};

// Parses a key file and checks its format tag, version and algorithm.
nlohmann::json read_key_json(const std::string& path, const std::string& format) {
  nlohmann::json j =
      nlohmann::json::parse(core::read_file(path), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("format", "") != format) fail("{}: not a {} file", path, format);
  if (!j.contains("version") || !j["version"].is_number_integer())
    fail("{}: {} file without an integer 'version'", path, format);
  const int version = j["version"].get<int>();
  if (version > k_key_file_version)
    fail("{}: key file version {} is newer than this genlab (reads {}); upgrade genlab", path,
         version, k_key_file_version);
  if (j.value("algorithm", "") != "ed25519") fail("{}: algorithm must be \"ed25519\"", path);
  return j;
}

template <size_t N>
std::array<uint8_t, N> hex_field(const nlohmann::json& j, const char* name,
                                 const std::string& path) {
  std::array<uint8_t, N> out{};
  const auto it = j.find(name);
  if (it == j.end() || !it->is_string() || !from_hex(it->get<std::string>(), out.data(), N))
    fail("{}: '{}' must be {} hex digits", path, name, 2 * N);
  return out;
}

}  // namespace

KeyPair generate_key_pair() {
  init_sodium();
  KeyPair key;
  randombytes_buf(key.seed.data(), key.seed.size());
  return key_pair_from_seed(key.seed);
}

KeyPair key_pair_from_seed(const Seed& seed) {
  init_sodium();
  KeyPair key;
  key.seed = seed;
  unsigned char secret[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(key.public_key.data(), secret, seed.data());
  sodium_memzero(secret, sizeof secret);
  return key;
}

Signature sign(std::string_view message, const KeyPair& key) {
  init_sodium();
  const ExpandedSecret secret(key);
  Signature signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret.bytes);
  return signature;
}

bool signature_valid(std::string_view message, const Signature& signature,
                     const PublicKey& public_key) {
  init_sodium();
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

WatermarkKey derive_watermark_key(const KeyPair& key) {
  init_sodium();
  static_assert(sizeof(Seed) == crypto_kdf_KEYBYTES, "the seed is the KDF master key");
  WatermarkKey out{};
  const int rc = crypto_kdf_derive_from_key(out.data(), out.size(), k_watermark_subkey_id,
                                            k_watermark_context, key.seed.data());
  GENLAB_CHECK(rc == 0, "crypto_kdf_derive_from_key failed");
  return out;
}

std::string key_id(const PublicKey& public_key) {
  const core::Digest digest = core::blake2b_256(
      std::string_view(reinterpret_cast<const char*>(public_key.data()), public_key.size()));
  return to_hex(digest.data(), 8);
}

std::string to_hex(const uint8_t* data, size_t size) {
  static const char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (size_t i = 0; i < size; ++i) {
    out += k_digits[data[i] >> 4];
    out += k_digits[data[i] & 15];
  }
  return out;
}

bool from_hex(std::string_view hex, uint8_t* out, size_t out_size) {
  if (hex.size() != 2 * out_size) return false;
  const auto digit = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < out_size; ++i) {
    const int high = digit(hex[2 * i]);
    const int low = digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return true;
}

void save_secret_key(const std::string& path, const KeyPair& key) {
  const nlohmann::json j = {{"format", "genlab-secret-key"},
                            {"version", k_key_file_version},
                            {"algorithm", "ed25519"},
                            {"seed", to_hex(key.seed.data(), key.seed.size())},
                            {"public_key", to_hex(key.public_key.data(), key.public_key.size())}};
  core::write_file_atomic(path, j.dump(2) + "\n", core::FileAccess::owner_only);
}

void save_public_key(const std::string& path, const PublicKey& public_key) {
  const nlohmann::json j = {{"format", "genlab-public-key"},
                            {"version", k_key_file_version},
                            {"algorithm", "ed25519"},
                            {"public_key", to_hex(public_key.data(), public_key.size())},
                            {"key_id", key_id(public_key)}};
  core::write_file_atomic(path, j.dump(2) + "\n");
}

KeyPair load_secret_key(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) fail("{}: cannot read: {}", path, std::strerror(errno));
  if ((info.st_mode & 077) != 0)
    fail("{}: permissions {:04o} are too open; run chmod 600 {}", path, info.st_mode & 07777, path);
  const nlohmann::json j = read_key_json(path, "genlab-secret-key");
  const KeyPair key = key_pair_from_seed(hex_field<32>(j, "seed", path));
  if (hex_field<32>(j, "public_key", path) != key.public_key)
    fail("{}: public_key does not match seed; the file is damaged", path);
  return key;
}

PublicKey load_public_key(const std::string& path) {
  return hex_field<32>(read_key_json(path, "genlab-public-key"), "public_key", path);
}

PublicKey parse_trusted_key(const std::string& hex_or_path) {
  PublicKey key{};
  if (from_hex(hex_or_path, key.data(), key.size())) return key;
  if (!core::path_exists(hex_or_path))
    fail("trusted key '{}': neither 64 hex digits nor an existing public key file", hex_or_path);
  return load_public_key(hex_or_path);
}

std::string default_key_dir() {
  if (const char* dir = std::getenv("GENLAB_KEY_DIR"); dir && *dir) return dir;
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
    return core::join_path(config, "genlab");
  if (const char* home = std::getenv("HOME"); home && *home)
    return core::join_path(home, ".config/genlab");
  fail("cannot find a key directory: none of GENLAB_KEY_DIR, XDG_CONFIG_HOME, HOME is set");
}

std::string secret_key_path(const std::string& dir) { return core::join_path(dir, "signing.key"); }
std::string public_key_path(const std::string& dir) { return core::join_path(dir, "signing.pub"); }

DefaultKey load_or_create_default_key(const std::string& dir) {
  const std::string key_dir = dir.empty() ? default_key_dir() : dir;
  DefaultKey out;
  out.secret_path = secret_key_path(key_dir);
  out.public_path = public_key_path(key_dir);
  if (core::path_exists(out.secret_path)) {
    out.key = load_secret_key(out.secret_path);
    return out;
  }
  core::create_directories(key_dir);
  out.key = generate_key_pair();
  save_secret_key(out.secret_path, out.key);
  save_public_key(out.public_path, out.key.public_key);
  out.created = true;
  return out;
}

int run_keygen(const std::string& dir, bool overwrite, std::ostream& out) {
  const std::string key_dir = dir.empty() ? default_key_dir() : dir;
  const std::string secret_path = secret_key_path(key_dir);
  if (!overwrite && core::path_exists(secret_path))
    fail("{}: a signing key already exists; use --force to replace it", secret_path);
  core::create_directories(key_dir);
  const KeyPair key = generate_key_pair();
  save_secret_key(secret_path, key);
  save_public_key(public_key_path(key_dir), key.public_key);
  out << "new signing key " << key_id(key.public_key) << "\n"
      << "  secret key: " << secret_path << " (mode 0600; keep it private)\n"
      << "  public key: " << public_key_path(key_dir) << " (give it to whoever verifies)\n";
  return 0;
}

}  // namespace genlab::provenance
