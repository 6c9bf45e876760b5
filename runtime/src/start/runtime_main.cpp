// Program start-up: runs the main process on a stack of its own and ends the
// program when it finishes, flushing the standard streams.
#include "start/runtime_main.h"

#include "context/context.h"
#include "io/output.h"
#include "process/process.h"
#include "stack/stack_pool.h"

#include <cstdio>

namespace inko {
namespace {

struct MainRun {
  Context thread_context;
  InkoProcess process{};
  void (*program)(InkoProcess*);
};

void run_main_process(void* argument) {
  auto* run = static_cast<MainRun*>(argument);
  run->program(&run->process);
  context_switch_final(run->process.context, run->thread_context);
}

} // namespace

int runtime_main(int, char**, void (*program)(InkoProcess*)) {
  static MainRun run;
  run.program = program;
  Stack stack = map_dedicated_stack(8 * 1024 * 1024);
  if (stack.low == nullptr) {
    std::fputs("inko: can not allocate the main process stack\n", stderr);
    return 1;
  }
  run.process.hot.stack_limit = reinterpret_cast<uintptr_t>(stack.low) + INKO_STACK_RESERVE;
  run.process.hot.reductions = 1000;
  run.process.identifier = 1;
  context_adopt_thread(run.thread_context);
  context_prepare(run.process.context, stack, &run_main_process, &run);
  context_switch(run.thread_context, run.process.context);
  flush_all_output();
  return 0;
}

} // namespace inko
