// The run directory that `genlab train` writes and every other command reads
// (docs/formats/run-dir.md): config.toml, checkpoints/ (+ latest pointer, best.ckpt),
// metrics.jsonl, samples/, report/.
#pragma once

#include <cstdint>
#include <string>

namespace genlab::train {

class RunDir {
 public:
  // A new run: throws Error "<path>: run directory exists; use --resume <path> to continue it or
  // --force to start it over" unless force (which deletes the old run's contents first).
  static RunDir create(const std::string& path, bool force);
  // An existing run (for --resume): throws Error when path has no config.toml.
  static RunDir open(const std::string& path);

  const std::string& path() const { return m_path; }
  std::string config_path() const;
  std::string metrics_path() const;
  std::string tokenizer_path() const;  // text runs: the tokenizer trained at start
  std::string checkpoint_path(int64_t step) const;  // checkpoints/step-000500.ckpt
  std::string best_checkpoint_path() const;         // checkpoints/best.ckpt
  std::string sample_grid_path(int64_t step) const; // samples/step-000500.png
  std::string report_dir() const;

  // Points checkpoints/latest at a checkpoint file name (atomically); latest_checkpoint() reads it
  // back as a full path ("" when the run has none yet).
  void set_latest(const std::string& checkpoint_path) const;
  std::string latest_checkpoint() const;
  // Deletes all but the newest `keep` step checkpoints (never the latest or best).
  void prune_checkpoints(int64_t keep) const;
  // Drops metrics lines past `step` and any torn last line (resume), atomically.
  void cut_metrics(int64_t step) const;

 private:
  explicit RunDir(std::string path) : m_path(std::move(path)) {}
  std::string m_path;
};

}  // namespace genlab::train
