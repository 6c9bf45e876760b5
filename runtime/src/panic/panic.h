// Panics (PROCESSES P14, P15): choosing the handler, and the default
// handler that prints a stack trace and ends the program with status 1.
//
// A panic runs on the panicking process's own stack (the stack is not
// unwound), so a custom handler sees the panic site. A process's handler
// fields belong to that process; the global handler is an atomic pair
// published with a lock so that readers never see half of an update.
#pragma once

#include "inko/abi.h"

#include <string_view>

namespace inko {

[[noreturn]] void panic(InkoProcess* process, std::string_view message);
// Prints the trace and the message, then ends the program with status 1.
[[noreturn]] void default_panic(InkoProcess* process, std::string_view message);
// For the SIGSEGV handler: the same output, on the signal stack.
[[noreturn]] void stack_overflow_from_signal(InkoProcess* process);
// For the SIGSEGV handler, any other fault while a process runs: the trace
// and a panic line naming the address, then status 1. No handler runs (the
// fault may be inside the runtime, holding its locks).
[[noreturn]] void memory_fault_from_signal(InkoProcess* process, const void* address);
// The stack reached its cap (docs/stacks.md): a panic with the message
// "Stack overflow", whose handler runs on the reserve of the segment in use.
[[noreturn]] void stack_overflow(InkoProcess* process);

} // namespace inko
