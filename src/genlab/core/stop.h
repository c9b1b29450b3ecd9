// Graceful stop on SIGINT/SIGTERM: the handler only records the signal; long loops poll
// stop_signal() between steps, finish cleanly (a checkpoint), and the CLI exits 128 + signal.
#pragma once

namespace genlab::core {

// Installs handlers for SIGINT and SIGTERM (idempotent). A second signal of the same kind while
// stopping ends the process at once (default action), so a stuck process can still be interrupted.
void install_stop_handlers();

// 0 while no stop was requested, else the signal number.
int stop_signal();

// Resets the flag (tests).
void clear_stop_signal();

}  // namespace genlab::core
