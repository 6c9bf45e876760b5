// inko_process_poll: the slow path of the check generated code does at
// method entry (abi.h). Runs on the process's own stack.
#include "io/output.h"
#include "process/process.h"

#include <cstdlib>

extern "C" void inko_process_poll(InkoProcess* process) {
  char marker;
  if (reinterpret_cast<uintptr_t>(&marker) < process->hot.stack_limit) {
    inko::standard_error().write("Process stack overflow", true);
    inko::flush_all_output();
    std::_Exit(1);
  }
  process->hot.reductions = 1000;
}
