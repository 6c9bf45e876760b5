// Walking the calling thread's stack and printing it as the default panic
// handler's trace (PROCESSES P15.4).
//
// The walk uses libunwind (libgcc's unwinder where it is missing) on the
// current stack only; it ends at the base of the process stack, where the
// context trampoline marks the return address undefined. Frames become
// Inko call frames in symbolizer.h.
//
// Async-signal safety (the stack-overflow path reports from a SIGSEGV
// handler): the walk (unw_init_local, unw_step, unw_get_proc_info), the
// index building (open, mmap, no malloc) and the printing (write, no stdio)
// are safe, with one caveat: libunwind finds unwind tables through
// dl_iterate_phdr, which takes the loader's lock, so a fault inside dlopen
// could deadlock. The runtime never calls dlopen while processes run.
#pragma once

#include "inko/abi.h"

#include <cstddef>
#include <cstdint>

namespace inko {

// Writes "Stack trace (the most recent call comes last):" and the Inko
// frames of the current stack, oldest first, numbered from 0, to stderr
// (stacks deeper than 200 frames show their oldest and newest 100). One
// thread at a time (others wait), no allocation.
void write_stack_trace();

// The Inko frames of the current stack, most recent first, after leaving
// out the `skip` most recent; writes at most `capacity`, returns how many
// there are. Thread-safe (no shared buffers).
std::size_t collect_call_frames(std::size_t skip, InkoCallFrame* frames, std::size_t capacity);

} // namespace inko
