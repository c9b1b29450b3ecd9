// Tests for music/render: a generated two-second piece renders to a non-silent stereo WAV of the
// expected length (read back with libsndfile) peaking at -3 dBFS, with no temporary file left;
// errors for a missing soundfont and a corrupt MIDI file.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "genlab/core/atomic_file.h"
#include "genlab/core/error.h"
#include "genlab/music/render.h"
#include "support/temp_dir.h"

namespace genlab::music {
namespace {

bool have_soundfont() {
  try {
    find_soundfont();
    return true;
  } catch (const Error&) {
    return false;
  }
}

NoteSequence two_seconds() {
  NoteSequence seq;
  const int melody[] = {60, 64, 67, 72};
  for (int i = 0; i < 4; ++i) seq.notes.push_back({melody[i], 110, i * 0.5, i * 0.5 + 0.5, 0, 0, false});
  seq.notes.push_back({48, 90, 0.0, 2.0, 0, 0, false});
  finalize(seq);
  return seq;
}

TEST(Render, SequenceToNonSilentWavOfExpectedLength) {
  if (!have_soundfont()) GTEST_SKIP() << "no soundfont installed (scripts/setup.sh installs fluid-soundfont-gm)";
  testing::TempDir tmp;
  const std::string wav = tmp.file("piece.wav");
  RenderConfig config;
  config.tail_s = 0.5;
  const RenderResult result = render_sequence(two_seconds(), wav, config);
  EXPECT_EQ(result.frames, 110250);  // (2 s of notes + 0.5 s tail) * 44100 Hz
  EXPECT_DOUBLE_EQ(result.peak_dbfs, -3.0);
  EXPECT_LT(result.raw_peak_dbfs, 0.0);

  SF_INFO info{};
  SNDFILE* file = sf_open(wav.c_str(), SFM_READ, &info);
  ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
  std::vector<float> samples(static_cast<size_t>(info.frames * info.channels));
  EXPECT_EQ(sf_readf_float(file, samples.data(), info.frames), info.frames);
  sf_close(file);
  EXPECT_EQ(info.channels, 2);
  EXPECT_EQ(info.samplerate, 44100);
  EXPECT_EQ(info.frames, result.frames);
  double sum_squares = 0;
  float peak = 0;
  for (float s : samples) {
    sum_squares += double(s) * s;
    peak = std::max(peak, std::abs(s));
  }
  const double rms = std::sqrt(sum_squares / samples.size());
  EXPECT_GT(rms, 0.01);                                                              // clearly audible
  EXPECT_NEAR(20 * std::log10(peak), -3.0, 0.01);                                    // 16-bit rounding only
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 1);  // no temp left
}

TEST(Render, CorruptMidiNamesFileAndByte) {
  testing::TempDir tmp;
  core::write_file_atomic(tmp.file("bad.mid"), std::string("MThd\0\0\0\6\0\0\0\1\1\xe0MTrk\0\0\0\x20", 22));
  try {
    render_midi(tmp.file("bad.mid"), tmp.file("out.wav"));
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), tmp.file("bad.mid") + ": truncated MTrk chunk at byte 14");
  }
  EXPECT_FALSE(std::filesystem::exists(tmp.file("out.wav")));
}

TEST(Render, MissingSoundfontFromEnvironmentIsNamed) {
  const char* old = std::getenv("GENLAB_SOUNDFONT");
  const std::string saved = old ? old : "";
  setenv("GENLAB_SOUNDFONT", "/nonexistent/x.sf2", 1);
  try {
    find_soundfont();
    ADD_FAILURE() << "expected Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/x.sf2: GENLAB_SOUNDFONT names a file that does not exist");
  }
  if (old)
    setenv("GENLAB_SOUNDFONT", saved.c_str(), 1);
  else
    unsetenv("GENLAB_SOUNDFONT");
}

}  // namespace
}  // namespace genlab::music
