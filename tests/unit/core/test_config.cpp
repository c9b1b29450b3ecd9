// Tests for core/config: preset then --set merges, type rules, unknown keys and sections with their
// sources, the TOML subset (no arrays, no dates) and the to_toml round trip.
#include <gtest/gtest.h>

#include <functional>

#include "genlab/core/atomic_file.h"
#include "genlab/core/config.h"
#include "support/error_of.h"
#include "support/temp_dir.h"

namespace genlab::core {
namespace {

struct TrainConfig {
  int64_t steps = 5000;  // total optimizer steps
  double lr = 2e-4;      // peak learning rate
  bool amp = false;      // mixed precision
  std::string optimizer = "adamw";
  uint32_t seed = 1;  // unsigned: negative values rejected
  float dropout = 0.1f;
  template <class V>
  void fields(V& v) {
    v("steps", steps, "total optimizer steps");
    v("lr", lr, "peak learning rate");
    v("amp", amp, "mixed precision");
    v("optimizer", optimizer, "adamw | sgd");
    v("seed", seed, "random seed");
    v("dropout", dropout, "dropout probability");
  }
};

bool operator==(const TrainConfig& a, const TrainConfig& b) {
  return a.steps == b.steps && a.lr == b.lr && a.amp == b.amp && a.optimizer == b.optimizer &&
         a.seed == b.seed && a.dropout == b.dropout;
}

using genlab::testing::error_of;

TEST(Config, PresetThenOverridesTable) {
  struct Case {
    std::string preset;
    std::vector<std::string> sets;
    TrainConfig expected;
  };
  auto with = [](auto change) {
    TrainConfig c;
    change(c);
    return c;
  };
  const std::vector<Case> cases = {
      {"", {}, TrainConfig{}},
      {"[train]\nsteps = 10\n", {}, with([](TrainConfig& c) { c.steps = 10; })},
      {"[train]\nsteps = 10\n", {"train.steps=20"}, with([](TrainConfig& c) { c.steps = 20; })},
      {"[train]\nlr = 3\n", {}, with([](TrainConfig& c) { c.lr = 3.0; })},  // int -> double
      {"", {"train.lr=1e-3", "train.amp=true"}, with([](TrainConfig& c) {
         c.lr = 1e-3;
         c.amp = true;
       })},
      {"[train]\noptimizer = \"sgd\"\n", {"train.optimizer=adamw"}, TrainConfig{}},  // bare string
      {"", {" train.optimizer = \"a=b\" "}, with([](TrainConfig& c) { c.optimizer = "a=b"; })},
      {"", {"train.optimizer=my run"}, with([](TrainConfig& c) { c.optimizer = "my run"; })},
      {"train.seed = 7\n", {}, with([](TrainConfig& c) { c.seed = 7; })},  // dotted key in TOML
      {"[train]\ndropout = 0.5\n", {}, with([](TrainConfig& c) { c.dropout = 0.5f; })},
  };
  for (const Case& c : cases) {
    Settings settings;
    settings.load_toml_string(c.preset, "preset.toml");
    for (const std::string& s : c.sets) settings.set_assignment(s, "--set");
    TrainConfig cfg;
    settings.bind("train", cfg);
    settings.check_all_used();
    EXPECT_TRUE(cfg == c.expected) << c.preset << " / " << ::testing::PrintToString(c.sets);
  }
}

TEST(Config, LoadsFileAndNamesItInTypeErrors) {
  genlab::testing::TempDir tmp;
  const std::string path = tmp.file("gan.toml");
  write_file_atomic(path, "[train]\nsteps = \"many\"\n");
  Settings settings;
  settings.load_toml_file(path);
  TrainConfig cfg;
  EXPECT_EQ(error_of([&] { settings.bind("train", cfg); }),
            path + ": key 'train.steps' expects an integer, got string \"many\"");
}

TEST(Config, TypeMismatchesTable) {
  struct Case {
    std::string set;
    std::string message;
  };
  const Case cases[] = {
      {"train.steps=1.5", "--set: key 'train.steps' expects an integer, got number 1.5"},
      {"train.lr=fast", "--set: key 'train.lr' expects a number, got string \"fast\""},
      {"train.amp=1", "--set: key 'train.amp' expects a boolean, got integer 1"},
      {"train.optimizer=3", "--set: key 'train.optimizer' expects a string, got integer 3"},
      {"train.seed=-1", "--set: key 'train.seed' must not be negative"},
  };
  for (const Case& c : cases) {
    Settings settings;
    settings.set_assignment(c.set, "--set");
    TrainConfig cfg;
    EXPECT_EQ(error_of([&] { settings.bind("train", cfg); }), c.message);
  }
}

TEST(Config, UnknownKeyNamesKeySourceAndChoices) {
  Settings settings;
  settings.load_toml_string("[train]\nstep = 3\n", "configs/x.toml");
  TrainConfig cfg;
  settings.bind("train", cfg);
  EXPECT_EQ(error_of([&] { settings.check_all_used(); }),
            "configs/x.toml: unknown key 'train.step'; known keys in [train]: steps, lr, amp, "
            "optimizer, seed, dropout");
}

TEST(Config, UnknownSectionListsKnownSections) {
  Settings settings;
  settings.set_assignment("trian.steps=3", "--set");
  TrainConfig cfg;
  settings.bind("train", cfg);
  EXPECT_EQ(error_of([&] { settings.check_all_used(); }),
            "--set: unknown section '[trian]' (key 'trian.steps'); known sections: train");
}

TEST(Config, RejectsWhatTheSubsetLacks) {
  struct Case {
    std::string toml;
    std::string message;
  };
  const Case cases[] = {
      {"[train]\nsteps = [1, 2]\n",
       "p.toml: key 'train.steps': arrays are not supported; use one key per value"},
      {"when = 2024-01-01\n",
       "p.toml: key 'when': dates and times are not supported; quote the value to make it a "
       "string"},
      {"[train]\nsteps = \n", "p.toml: line 2, column"},
  };
  for (const Case& c : cases) {
    Settings settings;
    const std::string message = error_of([&] { settings.load_toml_string(c.toml, "p.toml"); });
    EXPECT_EQ(message.rfind(c.message, 0), 0u) << message;
  }
  Settings settings;
  EXPECT_EQ(error_of([&] { settings.set_assignment("train.steps", "--set"); }),
            "--set: expected key=value, got 'train.steps'");
  EXPECT_NE(error_of([&] { settings.set_assignment("=3", "--set"); }), "(no error)");
  EXPECT_NE(error_of([&] { settings.set_assignment("a.b=[1]", "--set"); }), "(no error)");
}

TEST(Config, SetAssignmentKeepsDateLikeTextAsString) {
  Settings settings;
  settings.set_assignment("run.name=2024-01-01", "--set");
  ASSERT_NE(settings.find("run.name"), nullptr);
  EXPECT_EQ(std::get<std::string>(settings.find("run.name")->value), "2024-01-01");
  EXPECT_EQ(settings.find("run.other"), nullptr);
}

TEST(Config, ValueToTomlTable) {
  struct Case {
    Value value;
    std::string text;
  };
  const Case cases[] = {
      {true, "true"},
      {int64_t{-42}, "-42"},
      {2.0, "2.0"},
      {2e-4, "0.0002"},
      {1e300, "1e+300"},
      {0.1, "0.1"},
      {std::string("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\""},
      {std::string("привет"), "\"привет\""},
  };
  for (const Case& c : cases) EXPECT_EQ(value_to_toml(c.value), c.text);
}

TEST(Config, ToTomlRoundTrip) {
  TrainConfig original;
  original.steps = 123;
  original.lr = 0.1 + 0.2;  // not a short decimal: must still round-trip exactly
  original.amp = true;
  original.optimizer = "quote \" and \\ and\ttab, ünïcødé";
  original.seed = 4000000000u;
  original.dropout = 0.3f;
  const std::string text = to_toml("train", original);
  EXPECT_EQ(text.rfind("[train]\nsteps = 123", 0), 0u) << text;
  EXPECT_NE(text.find("# peak learning rate"), std::string::npos) << text;

  Settings settings;
  settings.load_toml_string(text, "resolved.toml");
  TrainConfig loaded;
  settings.bind("train", loaded);
  settings.check_all_used();
  EXPECT_TRUE(loaded == original) << text;
}

}  // namespace
}  // namespace genlab::core
