// SIGINT/SIGTERM bookkeeping (see stop.h). The only mutable global in genlab: a signal handler can
// reach nothing else.
#include "genlab/core/stop.h"

#include <csignal>

namespace genlab::core {
namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

void on_signal(int sig) {
  if (g_stop_signal == sig) {  // asked twice: stop now, the default way
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  g_stop_signal = sig;
}

}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int stop_signal() { return g_stop_signal; }

void clear_stop_signal() { g_stop_signal = 0; }

}  // namespace genlab::core
