// Program start-up: reads the settings, installs the fault handlers and runs
// the main process on the calling (main) thread. The program ends inside
// the runtime (Runtime::end_program), which flushes stdout and stderr.
#include "start/runtime_main.h"

#include "panic/signals.h"
#include "scheduler/config.h"
#include "scheduler/runtime.h"
#include "start/arguments.h"

#include <csignal>

namespace inko {
namespace {

void run_program(InkoProcess* process, InkoValue argument) {
  auto program = reinterpret_cast<void (*)(InkoProcess*)>(argument);
  program(process);
}

} // namespace

int runtime_main(int argc, char** argv, void (*program)(InkoProcess*)) {
  set_program_arguments(argc, argv);
  install_fault_handlers();
  // As in 0.8.1 (a Rust program): a closed pipe makes writes fail with EPIPE
  // (stdout/stderr swallow it, sockets throw) instead of killing the program.
  std::signal(SIGPIPE, SIG_IGN);
  // Never destroyed: the program ends with _exit while processes still run.
  auto* runtime = new Runtime(Config::from_environment());
  return runtime->run_main(&run_program, reinterpret_cast<InkoValue>(program));
}

} // namespace inko
