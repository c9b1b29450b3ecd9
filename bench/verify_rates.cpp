// Verify rates (bench_watermark_rates, see watermark_rates.h): signed files of every container
// (PNG, GIF, WAV, MIDI, text with a sidecar), each checked untouched and after each tampering the
// provenance issue names: one byte or pixel of content changed, the record edited, and a
// signature from another key (not trusted; passed off as the trusted key's). Counts how often
// `verify_file` reports what happened.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/image/gif.h"
#include "genlab/image/png.h"
#include "genlab/music/midi.h"
#include "genlab/provenance/container.h"
#include "genlab/provenance/embed.h"
#include "genlab/provenance/keys.h"
#include "genlab/provenance/verify.h"
#include "genlab/sample/rng.h"
#include "unit/provenance/tiny_files.h"
#include "watermark_rates.h"

namespace genlab::bench {
namespace {

using provenance::VerifyStatus;

// One format: its file name, and content made from a trial's generator, with (changed = true) one
// byte, pixel or note velocity changed at a position the generator picks.
struct Format {
  const char* file;
  std::function<std::string(uint64_t trial, bool changed)> content;
};

Image random_image(sample::Rng& rng, int channels) {
  Image im{28, 28, channels, {}};
  for (int i = 0; i < 28 * 28 * channels; ++i) im.pixels.push_back(static_cast<uint8_t>(rng.next_u64() & 0xff));
  return im;
}

// Changes one pixel (all its channels) by half the range, so every encoding keeps the change.
void change_pixel(Image& im, sample::Rng& rng) {
  const size_t pixel = rng.next_u64() % (im.pixels.size() / im.channels);
  for (int c = 0; c < im.channels; ++c) im.pixels[pixel * im.channels + c] ^= 0x80;
}

std::vector<Format> formats() {
  return {
      {"image.png",
       [](uint64_t t, bool changed) {
         sample::Rng rng(t);
         Image im = random_image(rng, 3);
         if (changed) change_pixel(im, rng);
         return image::encode_png(im);
       }},
      {"walk.gif",
       [](uint64_t t, bool changed) {
         sample::Rng rng(t);
         Image a = random_image(rng, 1), b = random_image(rng, 1);
         if (changed) change_pixel(b, rng);
         return image::encode_gif({a, b}, /*delay_ms=*/100);
       }},
      {"sound.wav",
       [](uint64_t t, bool changed) {
         sample::Rng rng(t);
         std::string samples(4000, '\0');
         for (char& s : samples) s = static_cast<char>(rng.next_u64() & 0xff);
         if (changed) samples[rng.next_u64() % samples.size()] ^= 0x01;
         return provenance::testing::tiny_wav(samples);
       }},
      {"piece.mid",
       [](uint64_t t, bool changed) {
         sample::Rng rng(t);
         music::NoteSequence seq;
         for (int i = 0; i < 40; ++i) {
           const int pitch = 36 + static_cast<int>(rng.next_u64() % 48);
           const int velocity = 20 + static_cast<int>(rng.next_u64() % 100);
           seq.notes.push_back({pitch, velocity, 0.25 * i, 0.25 * i + 0.2, 0, 0, false});
         }
         if (changed) seq.notes[rng.next_u64() % seq.notes.size()].velocity += 1;
         music::finalize(seq);
         return music::encode_midi(seq);
       }},
      {"story.txt",
       [](uint64_t t, bool changed) {
         sample::Rng rng(t);
         std::string text;
         for (int i = 0; i < 600; ++i) text += static_cast<char>('a' + rng.next_u64() % 26);
         if (changed) text[rng.next_u64() % text.size()] = '#';
         return text;
       }},
  };
}

provenance::ProvenanceRecord made_by(uint64_t seed) {
  provenance::ProvenanceRecord r;
  r.model_family = "gan-mlp";
  r.checkpoint_hash = std::string(64, 'a');
  r.sampling = R"({"command":"sample"})";
  r.seed = seed;
  return r;
}

std::string write_signed(const std::string& path, const std::string& content, const provenance::KeyPair& key,
                         uint64_t seed) {
  std::filesystem::remove(provenance::sidecar_path(path));
  core::write_file_atomic(path, content);
  provenance::sign_and_embed(path, made_by(seed), key);
  return path;
}

// Replaces the first `from` in the stored record text with `to`, keeping the container well formed.
void edit_record(const std::string& path, const std::string& from, const std::string& to) {
  const provenance::StoredRecord stored = provenance::read_stored_record(path);
  std::string text = stored.text.value_or("");
  const size_t at = text.find(from);
  if (at == std::string::npos) fail("{}: record has no '{}'", path, from);
  text.replace(at, from.size(), to);
  if (stored.container == provenance::Container::sidecar)
    core::write_file_atomic(provenance::sidecar_path(path), text);
  else
    core::write_file_atomic(path, provenance::embed_record(stored.content, stored.container, text, path));
}

}  // namespace

void run_verify_rates(const RatesOptions& options) {
  const int trials = options.quick ? 20 : 200;
  const auto dir = std::filesystem::temp_directory_path() / ("genlab-verify-rates-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  provenance::Seed alice_seed{}, mallory_seed{};
  alice_seed[0] = 1;
  mallory_seed[0] = 2;
  const auto alice = provenance::key_pair_from_seed(alice_seed), mallory = provenance::key_pair_from_seed(mallory_seed);
  const std::string alice_hex = provenance::to_hex(alice.public_key.data(), 32);
  const std::string mallory_hex = provenance::to_hex(mallory.public_key.data(), 32);

  std::printf(
      "### Verify: signed files untouched and tampered\n\n%d files per format, each with its own random content, "
      "signed with one key (\"alice\"); verified with `verify_file`, trusting alice where a trusted key is given. "
      "One byte/pixel: one pixel of the image (a GIF's second frame), one audio byte, one note's velocity, one "
      "character, re-stored with the original record. Record edited: the seed in the signed record changed. Another "
      "key: signed by \"mallory\" and verified trusting alice; passed off: mallory's signer key replaced by alice's in "
      "the record.\n\n| format | untouched: signed and intact | one byte/pixel changed: content modified | record "
      "edited: record tampered | another key: not trusted | another key passed off as alice's: record tampered |\n"
      "|---|---|---|---|---|---|\n",
      trials);
  Count all_intact, all_caught;
  for (const Format& f : formats()) {
    Count intact, modified, edited, untrusted, passed_off;
    const std::string path = (dir / f.file).string();
    for (int t = 0; t < trials; ++t) {
      const uint64_t trial = static_cast<uint64_t>(t);
      const std::string original = f.content(trial, false), changed = f.content(trial, true);
      if (original == changed) fail("{}: trial {}: the changed content is identical", f.file, t);

      write_signed(path, original, alice, trial);
      intact.hits += provenance::verify_file(path, {alice.public_key}).status == VerifyStatus::signed_intact;
      const provenance::StoredRecord stored = provenance::read_stored_record(path);
      if (stored.container == provenance::Container::sidecar)
        core::write_file_atomic(path, changed);
      else
        core::write_file_atomic(path, provenance::embed_record(changed, stored.container, *stored.text, path));
      modified.hits += provenance::verify_file(path, {alice.public_key}).status == VerifyStatus::content_modified;

      write_signed(path, original, alice, trial);
      edit_record(path, "\"seed\":" + std::to_string(trial), "\"seed\":" + std::to_string(trial + 1));
      edited.hits += provenance::verify_file(path, {alice.public_key}).status == VerifyStatus::record_tampered;

      write_signed(path, original, mallory, trial);
      untrusted.hits += provenance::verify_file(path, {alice.public_key}).status == VerifyStatus::untrusted_signer;
      edit_record(path, mallory_hex, alice_hex);
      passed_off.hits += provenance::verify_file(path, {alice.public_key}).status == VerifyStatus::record_tampered;
    }
    for (Count* c : {&intact, &modified, &edited, &untrusted, &passed_off}) c->trials = trials;
    all_intact.hits += intact.hits;
    all_intact.trials += trials;
    all_caught.hits += modified.hits + edited.hits + untrusted.hits + passed_off.hits;
    all_caught.trials += 4 * trials;
    auto cell = [](const Count& c) { return std::to_string(c.hits) + " / " + std::to_string(c.trials); };
    std::printf("| %s | %s | %s | %s | %s | %s |\n", f.file, cell(intact).c_str(), cell(modified).c_str(),
                cell(edited).c_str(), cell(untrusted).c_str(), cell(passed_off).c_str());
  }
  std::printf("\nUntouched files verified: %lld of %lld; tampered files reported as such: %lld of %lld.\n\n",
              static_cast<long long>(all_intact.hits), static_cast<long long>(all_intact.trials),
              static_cast<long long>(all_caught.hits), static_cast<long long>(all_caught.trials));
  std::filesystem::remove_all(dir);
  progress("verify rates done");
}

}  // namespace genlab::bench
