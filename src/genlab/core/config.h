// Configuration: plain structs with defaults, filled from presets (TOML) then overrides.
//
// A config struct lists its fields once, in a visitor method:
//
//   struct TrainConfig {
//     int64_t steps = 5000;  // total optimizer steps of the run
//     double lr = 2e-4;      // peak learning rate
//     template <class V> void fields(V& v) {
//       v("steps", steps, "total optimizer steps of the run");
//       v("lr", lr, "peak learning rate");
//     }
//   };
//
// Settings collects "section.key = value" pairs, each remembering where it came from (a TOML file,
// "--set", a flag). bind() copies a section into a struct, checking types; after every section is
// bound, check_all_used() rejects unknown keys, naming the key and its source (nanoGPT's two rules:
// no unknown keys, no type changes). to_toml() writes a struct back with one comment per field, which
// is how the resolved config is printed, saved in the run directory and embedded in checkpoints.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "genlab/core/error.h"

namespace genlab::core {

using Value = std::variant<bool, int64_t, double, std::string>;

struct Setting {
  Value value;
  std::string source;  // where it came from: a file path, "--set", "--lr", ...
};

class Settings {
 public:
  // Reads a TOML file; tables become key prefixes ([train] lr = 1e-3 -> "train.lr").
  // Throws Error "<path>: line L, column C: <parse error>" or "<path>: key 'x': arrays are not
  // supported" (dates and times are rejected the same way).
  void load_toml_file(const std::string& path);
  void load_toml_string(const std::string& text, const std::string& source);

  // Sets one value (later sets win).
  void set(const std::string& key, Value value, const std::string& source);
  // Parses "section.key=value" with TOML value syntax (numbers, true/false, quoted or bare strings;
  // text TOML cannot read as one value, dates included, is kept as a bare string).
  // Throws Error "<source>: expected key=value, got '<text>'", also for an empty key, and rejects
  // arrays and inline tables as load_toml_string does.
  void set_assignment(const std::string& assignment, const std::string& source);

  bool has(const std::string& key) const { return m_values.count(key) > 0; }
  const Setting* find(const std::string& key) const;
  const std::map<std::string, Setting>& values() const { return m_values; }

  // Copies every field of `section` present here into cfg, converting types (an integer may fill a
  // double; nothing else converts). Throws Error "<source>: key '<section.key>' expects <type>, got
  // <type>". Marks the keys as used.
  template <class T>
  void bind(const std::string& section, T& cfg);

  // Throws Error "<source>: unknown key '<key>'; known keys in [<section>]: a, b, c" for the first
  // key no bind() consumed (or "unknown section" when no struct was bound under its prefix).
  void check_all_used() const;

 private:
  template <class T>
  struct Binder;

  std::map<std::string, Setting> m_values;
  mutable std::set<std::string> m_used;
  std::map<std::string, std::vector<std::string>> m_known;  // section -> field names bound
};

// Writes cfg as a TOML table "[section]" with each field's comment, e.g. "lr = 0.0002  # peak ...".
template <class T>
std::string to_toml(const std::string& section, T& cfg);

// ---- implementation details -------------------------------------------------------------------

std::string value_type_name(const Value& value);
std::string value_to_toml(const Value& value);
[[noreturn]] void throw_type_mismatch(const Setting& setting, const std::string& key,
                                      const char* expected);

template <class T>
struct Settings::Binder {
  Settings& settings;
  std::string section;

  template <class F>
  void operator()(const char* name, F& field, const char* /*comment*/) {
    const std::string key = section.empty() ? name : section + "." + name;
    settings.m_known[section].push_back(name);
    const Setting* s = settings.find(key);
    if (!s) return;
    settings.m_used.insert(key);
    const Value& v = s->value;
    if constexpr (std::is_same_v<F, bool>) {
      if (!std::holds_alternative<bool>(v)) throw_type_mismatch(*s, key, "a boolean");
      field = std::get<bool>(v);
    } else if constexpr (std::is_integral_v<F>) {
      if (!std::holds_alternative<int64_t>(v)) throw_type_mismatch(*s, key, "an integer");
      const int64_t x = std::get<int64_t>(v);
      if constexpr (std::is_unsigned_v<F>) {
        if (x < 0) throw Error(s->source + ": key '" + key + "' must not be negative");
      }
      field = static_cast<F>(x);
    } else if constexpr (std::is_floating_point_v<F>) {
      if (std::holds_alternative<int64_t>(v))
        field = static_cast<F>(std::get<int64_t>(v));
      else if (std::holds_alternative<double>(v))
        field = static_cast<F>(std::get<double>(v));
      else
        throw_type_mismatch(*s, key, "a number");
    } else {
      static_assert(std::is_same_v<F, std::string>, "config fields are bool, integers, floats or strings");
      if (!std::holds_alternative<std::string>(v)) throw_type_mismatch(*s, key, "a string");
      field = std::get<std::string>(v);
    }
  }
};

template <class T>
void Settings::bind(const std::string& section, T& cfg) {
  m_known[section];
  Binder<T> binder{*this, section};
  cfg.fields(binder);
}

namespace detail {
struct TomlWriter {
  std::string out;
  template <class F>
  void operator()(const char* name, F& field, const char* comment) {
    Value v;
    if constexpr (std::is_same_v<F, bool>)
      v = field;
    else if constexpr (std::is_integral_v<F>)
      v = static_cast<int64_t>(field);
    else if constexpr (std::is_floating_point_v<F>)
      v = static_cast<double>(field);
    else
      v = field;
    std::string line = std::string(name) + " = " + value_to_toml(v);
    if (line.size() < 32) line.resize(32, ' ');
    out += line + "  # " + comment + "\n";
  }
};
}  // namespace detail

template <class T>
std::string to_toml(const std::string& section, T& cfg) {
  detail::TomlWriter w;
  w.out = "[" + section + "]\n";
  cfg.fields(w);
  return w.out;
}

}  // namespace genlab::core
