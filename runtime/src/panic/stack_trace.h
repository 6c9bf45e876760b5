// Capturing the calling process's stack and describing its frames for the
// default panic handler (PROCESSES P15).
//
// The walk uses libunwind on the current stack only; it stops at the base
// of the process stack, where the context trampoline marks the return
// address undefined. describe_frame is the single place where machine
// frames become Inko locations: today it only has symbol names; the
// compiler's DWARF line tables will be read there later.
#pragma once

#include <cstddef>
#include <cstdint>

namespace inko {

struct CapturedFrame {
  std::uintptr_t address; // return address (or the faulting pc)
  const char* symbol;     // "" when unknown; valid until the next capture
};

struct FrameDescription {
  const char* file;
  std::uint64_t line;
  const char* name;
};

// False for frames of the runtime itself, which traces leave out.
bool describe_frame(const CapturedFrame& frame, FrameDescription& description);

// Writes "Stack trace (the most recent call comes last):" and the frames
// of the current stack, oldest first, to stderr. Does not allocate, so it
// may run in a signal handler; one thread at a time (others wait).
void write_stack_trace();

// For tests: captures the current stack, innermost first, into a static
// buffer and returns the number of frames.
std::size_t capture_stack(const CapturedFrame** frames);

} // namespace inko
