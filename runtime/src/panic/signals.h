// The SIGSEGV/SIGBUS handler that turns a fault near the end of a process
// stack into a stack-overflow panic instead of a bare crash, and any other
// fault while a process runs into its stack trace and a panic line. It runs on a
// per-thread alternate signal stack, installed by every worker thread.
#pragma once

namespace inko {

// Once per program, before any process runs.
void install_fault_handlers();
// On every thread that runs processes (workers call these).
void install_signal_stack();
void remove_signal_stack();

} // namespace inko
