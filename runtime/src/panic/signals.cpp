// Fault handling (see signals.h). The handler reads only the faulting
// thread's own worker state and the stack pool's lock-free region table.
#include "panic/signals.h"

#include "inko/abi.h"
#include "panic/panic.h"
#include "process/process.h"
#include "scheduler/runtime.h"
#include "scheduler/worker.h"
#include "stack/stack_pool.h"

#include <csignal>
#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>

namespace inko {
namespace {

// libunwind and snprintf need room; 64 KiB is plenty and cheap (untouched
// pages cost nothing).
constexpr std::size_t signal_stack_size = 64 * 1024;
thread_local void* signal_stack = nullptr;

bool is_stack_overflow(InkoProcess* process, const void* address) {
  auto* fault = static_cast<const char*>(address);
  if (process != nullptr) {
    const Stack& stack = process->context.stack;
    // The guard page below a dedicated stack, or the reserve of any stack.
    if (fault >= stack.low - page_size() && fault < stack.low + INKO_STACK_RESERVE)
      return true;
  }
  if (!has_runtime())
    return false;
  Runtime& runtime = current_runtime();
  return runtime.stacks().is_overflow_address(address, INKO_STACK_RESERVE) ||
         runtime.segments().is_overflow_address(address, INKO_STACK_RESERVE);
}

void on_fault(int signal, siginfo_t* info, void*) {
  Worker* worker = current_thread_worker();
  InkoProcess* process = worker != nullptr ? worker->running : nullptr;
  if (process != nullptr && is_stack_overflow(process, info->si_addr))
    stack_overflow_from_signal(process);
  // Any other fault while a process runs still gets its Inko trace rather
  // than a bare "Segmentation fault".
  if (process != nullptr)
    memory_fault_from_signal(process, info->si_addr);
  // Not a process's: let the default action happen when the access is retried.
  std::signal(signal, SIG_DFL);
}

} // namespace

void install_fault_handlers() {
  struct sigaction action {};
  action.sa_sigaction = &on_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, nullptr);
  sigaction(SIGBUS, &action, nullptr);
}

void install_signal_stack() {
  if (signal_stack != nullptr)
    return;
  void* memory = mmap(nullptr, signal_stack_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED)
    return;
  stack_t stack{};
  stack.ss_sp = memory;
  stack.ss_size = signal_stack_size;
  if (sigaltstack(&stack, nullptr) != 0) {
    munmap(memory, signal_stack_size);
    return;
  }
  signal_stack = memory;
}

void remove_signal_stack() {
  if (signal_stack == nullptr)
    return;
  stack_t stack{};
  stack.ss_flags = SS_DISABLE;
  sigaltstack(&stack, nullptr);
  munmap(signal_stack, signal_stack_size);
  signal_stack = nullptr;
}

} // namespace inko
