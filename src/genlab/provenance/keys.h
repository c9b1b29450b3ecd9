// Ed25519 signing keys for provenance records (libsodium): generation, the two key files, the
// default key location, short key ids and the derived watermark key. Torch-free.
//
// Key files (UTF-8 JSON, one object, documented in docs/formats/provenance.md):
//   secret key  {"format":"genlab-secret-key","version":1,"algorithm":"ed25519",
//                "seed":"<64 hex>","public_key":"<64 hex>"}     mode 0600, refused if looser
//   public key  {"format":"genlab-public-key","version":1,"algorithm":"ed25519",
//                "public_key":"<64 hex>","key_id":"<16 hex>"}
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace genlab::provenance {

using PublicKey = std::array<uint8_t, 32>;  // Ed25519 public key
using Seed = std::array<uint8_t, 32>;       // Ed25519 secret seed (the secret key file's content)
using WatermarkKey = std::array<uint8_t, 32>;  // key for text/image watermarks
using Signature = std::array<uint8_t, 64>;     // Ed25519 detached signature

struct KeyPair {
  Seed seed{};  // secret; the 64-byte libsodium secret key is derived on use
  PublicKey public_key{};
};

// ====== Keys ======

KeyPair generate_key_pair();                   // crypto_sign_keypair
KeyPair key_pair_from_seed(const Seed& seed);  // deterministic (tests, re-derivation)

// Signs message with the pair's secret key (crypto_sign_detached).
Signature sign(std::string_view message, const KeyPair& key);
// True when signature is a valid Ed25519 signature of message by public_key.
bool signature_valid(std::string_view message, const Signature& signature,
                     const PublicKey& public_key);

// The key for watermarks: crypto_kdf_derive_from_key(32 bytes, subkey id 1, context "genlabWM")
// from the seed. Never the signing key itself; deterministic for a seed.
WatermarkKey derive_watermark_key(const KeyPair& key);

// Short display id: the first 8 bytes of BLAKE2b-256(public key), as 16 lowercase hex digits.
std::string key_id(const PublicKey& public_key);

// ====== Hex ======

std::string to_hex(const uint8_t* data, size_t size);  // lowercase
// Parses exactly out_size bytes of hex; false on a wrong length or a non-hex character.
bool from_hex(std::string_view hex, uint8_t* out, size_t out_size);

// ====== Files ======

// Writes the secret key file with mode 0600 (created so before the seed is written).
void save_secret_key(const std::string& path, const KeyPair& key);
void save_public_key(const std::string& path, const PublicKey& public_key);

// Loads a secret key file. Throws Error naming the file when it is missing, malformed, its
// public key does not match its seed, or its mode lets anyone but the owner read or write it:
// "KEYFILE: permissions 0644 are too open; run chmod 600 KEYFILE".
KeyPair load_secret_key(const std::string& path);
// Loads a public key file. Throws Error naming the file.
PublicKey load_public_key(const std::string& path);
// A key given on the command line: 64 hex digits, or the path of a public key file.
PublicKey parse_trusted_key(const std::string& hex_or_path);

// ====== Default location ======

// $GENLAB_KEY_DIR, else $XDG_CONFIG_HOME/genlab, else $HOME/.config/genlab.
// Throws Error when none of the three variables is set.
std::string default_key_dir();
std::string secret_key_path(const std::string& dir);  // dir/signing.key
std::string public_key_path(const std::string& dir);  // dir/signing.pub

struct DefaultKey {
  KeyPair key;
  bool created = false;     // true: just generated; the caller tells the user where it is
  std::string secret_path;  // where the secret key file is
  std::string public_path;  // where the public key file is
};

// Loads dir/signing.key (dir = default_key_dir() when empty), or generates a new pair and writes
// both files (creating dir) when there is none.
DefaultKey load_or_create_default_key(const std::string& dir = "");

// `genlab keygen`: writes a new pair into dir (default_key_dir() when empty) and prints the two
// paths and the key id to out. Refuses to replace an existing secret key unless overwrite.
// Returns the exit code (0); throws Error on failure.
int run_keygen(const std::string& dir, bool overwrite, std::ostream& out);

}  // namespace genlab::provenance
