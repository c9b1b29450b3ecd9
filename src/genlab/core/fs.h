// Small file-system helpers with genlab's error messages. Torch-free.
#pragma once

#include <string>
#include <vector>

namespace genlab::core {

bool path_exists(const std::string& path);
bool is_directory(const std::string& path);
// mkdir -p; throws Error "<path>: cannot create directory: <reason>".
void create_directories(const std::string& path);
// Regular files directly in dir, sorted by name (full paths).
std::vector<std::string> list_files(const std::string& dir);
// "runs/x/checkpoints/step-000100.ckpt" -> "step-000100.ckpt"
std::string file_name(const std::string& path);
std::string parent_path(const std::string& path);
std::string join_path(const std::string& a, const std::string& b);
// genlab's per-user cache: $XDG_CACHE_HOME/genlab, else ~/.cache/genlab (built corpora, the image
// evaluator). Throws Error naming `what` when neither variable is set.
std::string user_cache_dir(const std::string& what);
// Local time as "20261122-204500" (run directory names).
std::string timestamp_for_name();

}  // namespace genlab::core
