// Run directory layout and bookkeeping (see run_dir.h).
#include "genlab/train/run_dir.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "genlab/core/atomic_file.h"
#include "genlab/core/check.h"
#include "genlab/core/fs.h"

namespace genlab::train {

RunDir RunDir::create(const std::string& path, bool force) {
  if (core::path_exists(path)) {
    if (!force)
      fail("{}: run directory exists; use --resume {} to continue it or --force to start it over", path, path);
    std::error_code ec;
    for (const char* sub : {"checkpoints", "samples", "report", "metrics.jsonl", "config.toml"})
      std::filesystem::remove_all(core::join_path(path, sub), ec);
  }
  RunDir run(path);
  core::create_directories(core::join_path(path, "checkpoints"));
  core::create_directories(core::join_path(path, "samples"));
  core::create_directories(run.report_dir());
  return run;
}

RunDir RunDir::open(const std::string& path) {
  if (!core::is_directory(path)) fail("{}: no such run directory", path);
  RunDir run(path);
  if (!core::path_exists(run.config_path())) fail("{}: not a run directory (no config.toml)", path);
  // Temporary files of a process that was killed mid-write (AtomicFile names them "<file>.tmp.*").
  const std::string checkpoints = core::join_path(path, "checkpoints");
  if (core::is_directory(checkpoints))
    for (const auto& f : core::list_files(checkpoints))
      if (core::file_name(f).find(".tmp.") != std::string::npos) std::filesystem::remove(f);
  core::create_directories(core::join_path(path, "samples"));
  core::create_directories(run.report_dir());
  return run;
}

std::string RunDir::config_path() const { return core::join_path(m_path, "config.toml"); }
std::string RunDir::metrics_path() const { return core::join_path(m_path, "metrics.jsonl"); }
std::string RunDir::tokenizer_path() const { return core::join_path(m_path, "tokenizer.bin"); }
std::string RunDir::checkpoint_path(int64_t step) const {
  return core::join_path(m_path, fmt::format("checkpoints/step-{:06d}.ckpt", step));
}
std::string RunDir::best_checkpoint_path() const { return core::join_path(m_path, "checkpoints/best.ckpt"); }
std::string RunDir::sample_grid_path(int64_t step) const {
  return core::join_path(m_path, fmt::format("samples/step-{:06d}.png", step));
}
std::string RunDir::report_dir() const { return core::join_path(m_path, "report"); }

void RunDir::set_latest(const std::string& checkpoint_path) const {
  core::write_file_atomic(core::join_path(m_path, "checkpoints/latest"), core::file_name(checkpoint_path) + "\n");
}

std::string RunDir::latest_checkpoint() const {
  const std::string pointer = core::join_path(m_path, "checkpoints/latest");
  if (!core::path_exists(pointer)) return "";
  std::string name = core::read_file(pointer);
  while (!name.empty() && (name.back() == '\n' || name.back() == ' ')) name.pop_back();
  return core::join_path(core::join_path(m_path, "checkpoints"), name);
}

void RunDir::prune_checkpoints(int64_t keep) const {
  std::vector<std::pair<int64_t, std::string>> steps;  // (step, path)
  for (const auto& f : core::list_files(core::join_path(m_path, "checkpoints"))) {
    const std::string name = core::file_name(f);
    if (name.rfind("step-", 0) != 0 || name.size() <= 10 || name.substr(name.size() - 5) != ".ckpt") continue;
    const std::string digits = name.substr(5, name.size() - 10);
    if (digits.find_first_not_of("0123456789") == std::string::npos) steps.emplace_back(std::stoll(digits), f);
  }
  std::sort(steps.begin(), steps.end());  // by step number (names stop sorting past step 999999)
  const std::string latest = latest_checkpoint();
  for (size_t i = 0; i + static_cast<size_t>(keep) < steps.size(); ++i)
    if (steps[i].second != latest) std::filesystem::remove(steps[i].second);
}

void RunDir::cut_metrics(int64_t step) const {
  if (!core::path_exists(metrics_path())) return;
  std::istringstream in(core::read_file(metrics_path()));
  std::string line, kept;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.contains("step") || !j["step"].is_number_integer()) continue;  // a torn line
    if (j["step"].get<int64_t>() <= step) kept += line + "\n";
  }
  core::write_file_atomic(metrics_path(), kept);
}

}  // namespace genlab::train
