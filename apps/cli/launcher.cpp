// The `genlab` program users run: torch-free, so it starts in milliseconds. It samples GPT text
// itself (fast_sample.cpp) and hands every other command line, unchanged, to the full program
// genlab-torch (main.cpp; next to it in the build tree, in libexec/genlab when installed) with
// exec: same process, same arguments, same exit code.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "apps/cli/fast_sample.h"
#include "genlab/core/fs.h"

namespace {

// The full program: beside this one (build tree), else GENLAB_TORCH_FROM_BIN from this one's
// directory (the install tree's relative libexec path).
std::string torch_program() {
  char self[4096];
  const ssize_t len = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) return "genlab-torch";
  const std::string exe(self, static_cast<size_t>(len));
  const std::string dir = exe.substr(0, exe.rfind('/'));
  const std::string beside = dir + "/genlab-torch";
  if (genlab::core::path_exists(beside)) return beside;
  return dir + "/" GENLAB_TORCH_FROM_BIN "/genlab-torch";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "sample") == 0) {
    if (const auto code = genlab::cli::fast_sample(argc, argv)) {
      std::cout.flush();
      std::cerr.flush();
      std::fflush(nullptr);
      std::_Exit(*code);
    }
  }
  const std::string program = torch_program();
  ::execv(program.c_str(), argv);
  std::fprintf(stderr, "genlab: internal error: cannot run %s: %s; reinstall genlab\n", program.c_str(),
               std::strerror(errno));
  return 2;
}
