// Binds every field of a config struct (its fields(V&) visitor) to a CLI11 flag: field
// "top_k" becomes --top-k, with the field's comment as help. Fields named in `skip` are left out.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

namespace genlab::cli {

// The visitor add_struct_flags passes to fields().
class FlagBinder {
 public:
  FlagBinder(CLI::App& app, const std::vector<std::string>& skip) : m_app(app), m_skip(skip) {}

  template <class F>
  void operator()(const char* key, F& field, const char* help) {
    if (std::find(m_skip.begin(), m_skip.end(), key) != m_skip.end()) return;
    std::string flag = std::string("--") + key;
    std::replace(flag.begin(), flag.end(), '_', '-');
    if constexpr (std::is_same_v<F, bool>)
      m_app.add_flag(flag, field, help);
    else
      m_app.add_option(flag, field, help)->capture_default_str();
  }

 private:
  CLI::App& m_app;
  const std::vector<std::string>& m_skip;
};

template <class Config>
void add_struct_flags(CLI::App& app, Config& config, const std::vector<std::string>& skip = {}) {
  FlagBinder binder(app, skip);
  config.fields(binder);
}

}  // namespace genlab::cli
