// FluidSynth rendering into memory, then one 16-bit PCM WAV written with AtomicFile. We pull
// samples with fluid_synth_write_float instead of using fluid_file_renderer: the file renderer
// writes the output itself (so no atomic commit without a second copy) and converts to 16 bit
// before we could measure the peak and normalise it. FluidSynth is opened with dlopen on the first
// render, not linked: it brings its audio stack (PulseAudio, JACK, SDL2, ~30 libraries), which
// would cost every genlab command ~30 ms of start-up and ~4 MB of memory.
#include "genlab/music/render.h"

#include <dlfcn.h>
#include <fluidsynth.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <type_traits>
#include <vector>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"

namespace genlab::music {
namespace {

const char* const k_soundfonts[] = {"/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf2/TimGM6mb.sf2",
                                    "/usr/share/sounds/sf2/default-GM.sf2", "/usr/share/soundfonts/default.sf2"};
constexpr int k_block_frames = 512;

constexpr const char* k_fluidsynth_soname = "libfluidsynth.so.3";  // FluidSynth 2.x

// The FluidSynth functions genlab calls, with their declared types.
struct FluidSynthApi {
  decltype(&fluid_set_log_function) set_log_function;
  decltype(&new_fluid_settings) new_settings;
  decltype(&delete_fluid_settings) delete_settings;
  decltype(&fluid_settings_setnum) settings_setnum;
  decltype(&fluid_settings_setstr) settings_setstr;
  decltype(&fluid_settings_setint) settings_setint;
  decltype(&new_fluid_synth) new_synth;
  decltype(&delete_fluid_synth) delete_synth;
  decltype(&fluid_synth_sfload) synth_sfload;
  decltype(&fluid_synth_write_float) synth_write_float;
  decltype(&new_fluid_player) new_player;
  decltype(&delete_fluid_player) delete_player;
  decltype(&fluid_player_add_mem) player_add_mem;
  decltype(&fluid_player_play) player_play;
};

void silent(int, const char*, void*) {}

// Opened once, on first use, and kept for the life of the process. Throws Error naming the library
// and the package when it cannot be opened.
const FluidSynthApi& fluidsynth() {
  static const FluidSynthApi api = [] {
    void* lib = dlopen(k_fluidsynth_soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) fail("{}: cannot load ({}); install the Debian package libfluidsynth3 (scripts/setup.sh)",
                   k_fluidsynth_soname, dlerror());
    auto get = [lib](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
      if (!fn) fail("{}: has no {}; genlab needs FluidSynth 2.x", k_fluidsynth_soname, name);
    };
    FluidSynthApi a{};
    get(a.set_log_function, "fluid_set_log_function");
    get(a.new_settings, "new_fluid_settings");
    get(a.delete_settings, "delete_fluid_settings");
    get(a.settings_setnum, "fluid_settings_setnum");
    get(a.settings_setstr, "fluid_settings_setstr");
    get(a.settings_setint, "fluid_settings_setint");
    get(a.new_synth, "new_fluid_synth");
    get(a.delete_synth, "delete_fluid_synth");
    get(a.synth_sfload, "fluid_synth_sfload");
    get(a.synth_write_float, "fluid_synth_write_float");
    get(a.new_player, "new_fluid_player");
    get(a.delete_player, "delete_fluid_player");
    get(a.player_add_mem, "fluid_player_add_mem");
    get(a.player_play, "fluid_player_play");
    // FluidSynth prints warnings (missing presets, ...) to stderr; library code stays quiet.
    for (int level : {FLUID_PANIC, FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG})
      a.set_log_function(level, silent, nullptr);
    return a;
  }();
  return api;
}

struct SettingsDeleter {
  void operator()(fluid_settings_t* p) const { fluidsynth().delete_settings(p); }
};
struct SynthDeleter {
  void operator()(fluid_synth_t* p) const { fluidsynth().delete_synth(p); }
};
struct PlayerDeleter {
  void operator()(fluid_player_t* p) const { fluidsynth().delete_player(p); }
};

void put_le(std::string& out, uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

// Canonical 44-byte RIFF/WAVE header + interleaved little-endian 16-bit stereo PCM.
std::string encode_wav(const std::vector<float>& interleaved, int sample_rate, float scale) {
  std::string out = "RIFF";
  const auto data_bytes = static_cast<uint32_t>(interleaved.size() * 2);
  put_le(out, 36 + data_bytes, 4);
  out += "WAVEfmt ";
  put_le(out, 16, 4);
  put_le(out, 1, 2);  // PCM
  put_le(out, 2, 2);  // channels
  put_le(out, static_cast<uint32_t>(sample_rate), 4);
  put_le(out, static_cast<uint32_t>(sample_rate * 4), 4);  // bytes per second
  put_le(out, 4, 2);                                       // bytes per frame
  put_le(out, 16, 2);
  out += "data";
  put_le(out, data_bytes, 4);
  out.reserve(out.size() + data_bytes);
  for (float sample : interleaved) {
    const long value = std::lround(std::clamp(sample * scale, -1.0f, 1.0f) * 32767.0f);
    put_le(out, static_cast<uint32_t>(static_cast<int16_t>(value)), 2);
  }
  return out;
}

RenderResult render_bytes(const std::string& midi, const std::string& midi_name, const std::string& wav_path,
                          const RenderConfig& config) {
  const NoteSequence sequence = parse_midi(midi, midi_name);
  if (sequence.total_time_s > config.max_seconds)
    fail("{}: {:.0f} s is longer than max_seconds {:.0f}", midi_name, sequence.total_time_s, config.max_seconds);
  if (config.sample_rate < 8000 || config.sample_rate > 96000)
    fail("sample rate {} Hz is outside 8000..96000", config.sample_rate);
  if (!(config.peak_dbfs < 0)) fail("peak level {} dBFS must be below 0", config.peak_dbfs);
  RenderResult result;
  result.soundfont = config.soundfont.empty() ? find_soundfont() : config.soundfont;

  const FluidSynthApi& fs = fluidsynth();
  std::unique_ptr<fluid_settings_t, SettingsDeleter> settings(fs.new_settings());
  GENLAB_CHECK(settings, "new_fluid_settings failed");
  fs.settings_setnum(settings.get(), "synth.sample-rate", config.sample_rate);
  fs.settings_setnum(settings.get(), "synth.gain", config.gain);
  fs.settings_setstr(settings.get(), "player.timing-source", "sample");
  fs.settings_setint(settings.get(), "synth.lock-memory", 0);
  std::unique_ptr<fluid_synth_t, SynthDeleter> synth(fs.new_synth(settings.get()));
  GENLAB_CHECK(synth, "new_fluid_synth failed");
  if (fs.synth_sfload(synth.get(), result.soundfont.c_str(), /*reset_presets=*/1) == FLUID_FAILED)
    fail("{}: FluidSynth cannot load this soundfont", result.soundfont);
  std::unique_ptr<fluid_player_t, PlayerDeleter> player(fs.new_player(synth.get()));
  GENLAB_CHECK(player, "new_fluid_player failed");
  if (fs.player_add_mem(player.get(), midi.data(), midi.size()) != FLUID_OK || fs.player_play(player.get()) != FLUID_OK)
    fail("{}: FluidSynth cannot play this MIDI file", midi_name);

  // The player advances with the samples we pull (timing-source=sample). The length comes from
  // our own parse (the last note's end plus tail_s), not from the player's status, which stays
  // "playing" for a few seconds after the last event.
  const int64_t total_frames = std::lround((sequence.total_time_s + config.tail_s) * config.sample_rate);
  std::vector<float> left(k_block_frames), right(k_block_frames), interleaved;
  interleaved.reserve(static_cast<size_t>(2 * total_frames));
  while (result.frames < total_frames) {
    const int frames = static_cast<int>(std::min<int64_t>(k_block_frames, total_frames - result.frames));
    fs.synth_write_float(synth.get(), frames, left.data(), 0, 1, right.data(), 0, 1);
    for (int i = 0; i < frames; ++i) {
      interleaved.push_back(left[i]);
      interleaved.push_back(right[i]);
    }
    result.frames += frames;
  }

  // Peak normalisation: game music at one gain spans more than 20 dB of peak level (multi-part
  // arrangements near 0 dBFS, a solo piano far below), so a fixed gain cannot land every render
  // at -3 dBFS; the float render is scaled instead, before the 16-bit conversion.
  float peak = 0;
  for (float sample : interleaved) peak = std::max(peak, std::abs(sample));
  const float scale = peak > 0 ? static_cast<float>(std::pow(10.0, config.peak_dbfs / 20.0)) / peak : 1.0f;
  result.seconds = double(result.frames) / config.sample_rate;
  if (peak > 0) {
    result.raw_peak_dbfs = 20.0 * std::log10(peak);
    result.peak_dbfs = config.peak_dbfs;
  }
  core::write_file_atomic(wav_path, encode_wav(interleaved, config.sample_rate, scale));
  return result;
}

}  // namespace

std::string find_soundfont() {
  if (const char* env = std::getenv("GENLAB_SOUNDFONT"); env && *env) {
    if (!core::path_exists(env)) fail("{}: GENLAB_SOUNDFONT names a file that does not exist", env);
    return env;
  }
  for (const char* path : k_soundfonts)
    if (core::path_exists(path)) return path;
  fail(
      "no General MIDI soundfont found (tried {}, {}, {}, {}); install the Debian package fluid-soundfont-gm "
      "(scripts/setup.sh) or set GENLAB_SOUNDFONT",
      k_soundfonts[0], k_soundfonts[1], k_soundfonts[2], k_soundfonts[3]);
}

RenderResult render_midi(const std::string& midi_path, const std::string& wav_path, const RenderConfig& config) {
  return render_bytes(core::read_file(midi_path), midi_path, wav_path, config);
}

RenderResult render_sequence(const NoteSequence& sequence, const std::string& wav_path, const RenderConfig& config) {
  return render_bytes(encode_midi(sequence), "generated sequence", wav_path, config);
}

}  // namespace genlab::music
