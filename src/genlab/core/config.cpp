// Settings: TOML presets and "--set key=value" overrides flattened into dotted keys, each with its
// source, then bound into config structs (see config.h). TOML parsing is toml++; this file only
// flattens, converts and words the errors. Not a general TOML API: no arrays, no dates.
#include "genlab/core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"

namespace genlab::core {
namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

// Converts one scalar TOML node; returns false for anything else (array, table, date, time).
bool scalar_value(const toml::node& node, Value& out) {
  if (auto v = node.as_boolean()) {
    out = v->get();
  } else if (auto v = node.as_integer()) {
    out = static_cast<int64_t>(v->get());
  } else if (auto v = node.as_floating_point()) {
    out = v->get();
  } else if (auto v = node.as_string()) {
    out = v->get();
  } else {
    return false;
  }
  return true;
}

void unsupported_node(const toml::node& node, const std::string& key, const std::string& source) {
  if (node.is_array())
    fail("{}: key '{}': arrays are not supported; use one key per value", source, key);
  if (node.is_date() || node.is_time() || node.is_date_time())
    fail("{}: key '{}': dates and times are not supported; quote the value to make it a string",
         source, key);
  fail("{}: key '{}': unsupported TOML value", source, key);
}

void flatten(const toml::table& table, const std::string& prefix, const std::string& source,
             Settings& settings) {
  for (auto&& [name, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    if (const toml::table* sub = node.as_table()) {
      flatten(*sub, key, source, settings);
      continue;
    }
    Value value;
    if (!scalar_value(node, value)) unsupported_node(node, key, source);
    settings.set(key, std::move(value), source);
  }
}

std::string toml_escape(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        // Other control characters (and DEL) must be \u escapes; UTF-8 bytes pass through.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

}  // namespace

void Settings::load_toml_file(const std::string& path) { load_toml_string(read_file(path), path); }

void Settings::load_toml_string(const std::string& text, const std::string& source) {
  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    fail("{}: line {}, column {}: {}", source, e.source().begin.line, e.source().begin.column,
         e.description());
  }
  flatten(table, "", source, *this);
}

void Settings::set(const std::string& key, Value value, const std::string& source) {
  m_values[key] = Setting{std::move(value), source};
}

void Settings::set_assignment(const std::string& assignment, const std::string& source) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos) fail("{}: expected key=value, got '{}'", source, assignment);
  const std::string key = trim(assignment.substr(0, eq));
  if (key.empty()) fail("{}: expected key=value, got '{}' (empty key)", source, assignment);
  const std::string text = trim(assignment.substr(eq + 1));

  // Anything TOML cannot read as one value is taken as a bare string: --set run.name=my run.
  Value value = text;
  try {
    const toml::table parsed = toml::parse("v = " + text);
    const toml::node* node = parsed.get("v");
    if (parsed.size() == 1 && node && !scalar_value(*node, value)) {
      if (node->is_array() || node->is_table()) unsupported_node(*node, key, source);
      value = text;  // a date-like text such as 2024-01-01 stays the string the user typed
    }
  } catch (const toml::parse_error&) {
    value = text;
  }
  set(key, std::move(value), source);
}

const Setting* Settings::find(const std::string& key) const {
  const auto it = m_values.find(key);
  return it == m_values.end() ? nullptr : &it->second;
}

void Settings::check_all_used() const {
  for (const auto& [key, setting] : m_values) {
    if (m_used.count(key)) continue;
    const size_t dot = key.rfind('.');
    const std::string section = dot == std::string::npos ? "" : key.substr(0, dot);
    const auto known = m_known.find(section);
    if (known != m_known.end()) {
      std::vector<std::string> names;
      for (const std::string& name : known->second)
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      fail("{}: unknown key '{}'; known keys in [{}]: {}", setting.source, key, section,
           names.empty() ? "none" : join(names, ", "));
    }
    std::vector<std::string> sections;
    for (const auto& entry : m_known)
      if (!entry.first.empty()) sections.push_back(entry.first);
    fail("{}: unknown section '[{}]' (key '{}'); known sections: {}", setting.source, section, key,
         sections.empty() ? "none" : join(sections, ", "));
  }
}

std::string value_type_name(const Value& value) {
  switch (value.index()) {
    case 0: return "boolean";
    case 1: return "integer";
    case 2: return "number";
    default: return "string";
  }
}

std::string value_to_toml(const Value& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const int64_t* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&value)) {
    // fmt's "{}" is the shortest text that reads back as the same double; a '.' or exponent keeps
    // it a TOML float rather than an integer.
    std::string text = fmt::format("{}", *d);
    if (std::isfinite(*d) && text.find_first_of(".eE") == std::string::npos) text += ".0";
    return text;
  }
  return toml_escape(std::get<std::string>(value));
}

void throw_type_mismatch(const Setting& setting, const std::string& key, const char* expected) {
  fail("{}: key '{}' expects {}, got {} {}", setting.source, key, expected,
       value_type_name(setting.value), value_to_toml(setting.value));
}

}  // namespace genlab::core
