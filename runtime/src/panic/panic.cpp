// Panic handling (see panic.h) and its C entry points from abi.h.
#include "panic/panic.h"

#include "io/output.h"
#include "object/string.h"
#include "panic/stack_trace.h"
#include "panic/text_line.h"
#include "process/process.h"
#include "scheduler/runtime.h"

#include <atomic>
#include <mutex>
#include <unistd.h>

namespace inko {
namespace {

std::mutex global_handler_mutex;
InkoPanicHandler global_handler = nullptr;
void* global_handler_environment = nullptr;

constexpr std::string_view stack_overflow_message = "Stack overflow";

// No stdio: the stack-overflow report runs in a signal handler.
void write_panic_line(InkoProcess* process, std::string_view message) {
  TextLine prefix;
  prefix.text("Process 0x")
      .number(process != nullptr ? static_cast<std::uint64_t>(process->identifier) : 0, 16)
      .text(" panicked: ");
  TextLine::write_stderr(prefix.view().data(), prefix.view().size());
  TextLine::write_stderr(message.data(), message.size());
  TextLine::write_stderr("\n", 1);
}

// Lets a handler (Inko code) run on the reserve below the stack limit when
// the panic is a stack overflow (the stack reached its cap and cannot grow).
void open_stack_reserve(InkoProcess* process) {
  std::uintptr_t low = reinterpret_cast<std::uintptr_t>(process->context.stack.low);
  process->stack_limit = low + INKO_STACK_RESERVE / 4;
  // The preemption monitor may write this word concurrently (atomically).
  std::atomic_ref<std::uintptr_t>(process->hot.stack_limit)
      .store(process->stack_limit, std::memory_order_relaxed);
}

} // namespace

void panic(InkoProcess* process, std::string_view message) {
  if (process == nullptr || process->panicking)
    default_panic(process, message); // P15.5: a panic inside a handler
  process->panicking = true;
  // P13/P15.1: every pending deferred block runs before any handler, on top
  // of the panicking stack (nothing is unwound, so the trace is unchanged).
  // A panic inside one of them is a panic inside a handler (P15.5).
  if (message.data() == stack_overflow_message.data())
    open_stack_reserve(process);
  inko_defer_run_all(process);
  InkoPanicHandler handler = process->panic_handler;
  void* environment = process->panic_environment;
  if (handler == nullptr) {
    std::lock_guard lock(global_handler_mutex);
    handler = global_handler;
    environment = global_handler_environment;
  }
  if (handler == nullptr)
    default_panic(process, message);
  handler(process, environment, message.data(), message.size());
  finish_process(process);
}

void default_panic(InkoProcess* process, std::string_view message) {
  bool ends_runtime = process != nullptr && has_runtime();
  // Another process is already ending the program (its trace or exit
  // comes first and alone).
  if (ends_runtime && !current_runtime().claim_end())
    current_runtime().lose_end(process);
  standard_output().flush();
  write_stack_trace();
  write_panic_line(process, message);
  flush_all_output();
  if (ends_runtime)
    current_runtime().end_claimed_program(process, 1);
  _exit(1);
}

void stack_overflow(InkoProcess* process) {
  if (!process->panicking)
    panic(process, stack_overflow_message);
  default_panic(process, stack_overflow_message);
}

void stack_overflow_from_signal(InkoProcess* process) {
  standard_output().flush_if_unlocked();
  write_stack_trace();
  write_panic_line(process, stack_overflow_message);
  _exit(1);
}

void memory_fault_from_signal(InkoProcess* process, const void* address) {
  standard_output().flush_if_unlocked();
  write_stack_trace();
  TextLine message;
  message.text("Invalid memory access at address 0x")
      .number(reinterpret_cast<std::uintptr_t>(address), 16)
      .text(" (a value of the wrong type after an unchecked cast, or a bug in the runtime)");
  write_panic_line(process, message.view());
  _exit(1);
}

} // namespace inko

extern "C" {

void inko_process_panic(InkoProcess* current, InkoValue message) {
  inko::panic(current, inko::string_bytes(message));
}

void inko_process_panic_bytes(InkoProcess* current, const char* message, uint64_t size) {
  inko::panic(current, std::string_view(message, size));
}

void inko_process_set_panic_handler(InkoProcess* current, InkoPanicHandler handler,
                                    void* environment) {
  current->panic_handler = handler;
  current->panic_environment = environment;
}

void inko_set_global_panic_handler(InkoPanicHandler handler, void* environment) {
  std::lock_guard lock(inko::global_handler_mutex);
  inko::global_handler = handler;
  inko::global_handler_environment = environment;
}

void inko_process_poll(InkoProcess* process) {
  // The caller's stack pointer, not this function's: a loop's check finds
  // a preemption request while its frame lies just above the limit.
  if (reinterpret_cast<std::uintptr_t>(__builtin_dwarf_cfa()) < process->stack_limit)
    inko::stack_overflow(process);
  // Out of reductions, or the runtime asked for the slow path.
  inko::suspend_process(process, SuspendReason::yield);
}
}
