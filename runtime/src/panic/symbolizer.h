// Turns machine frames into Inko call frames (file, line, name), using the
// compiler's function table for names and which frames are Inko code, and
// the executable's DWARF for lines (the line table; and the inlined
// subroutine tree, so that code LLVM inlined at --release still shows one
// frame per Inko call). Without debug info, a frame's line is its
// function's definition line.
//
// The indexes are built at the first use (the first panic or stack trace),
// never before, so programs that never panic pay nothing. Building uses
// only async-signal-safe calls (open, mmap, no malloc); afterwards they are
// read-only and shared by all threads without locks.
#pragma once

#include "inko/abi.h"

#include <cstddef>
#include <cstdint>

namespace inko {

// One machine frame as the unwinder found it.
struct MachineFrame {
  std::uintptr_t pc;             // return address, or the faulting pc when exact
  std::uintptr_t function_start; // entry of the function it is in; 0 if unknown
  bool exact;                    // pc is the instruction itself (signal frames)
  const char* symbol;            // C symbol, only used for programs without Inko code
};

// The Inko frames of one machine frame, innermost first (several when LLVM
// inlined Inko functions into it); 0 when it is not Inko code (runtime
// C++, intrinsics). Writes at most `capacity` frames; returns how many it
// has (may exceed capacity). Strings live until the program ends.
std::size_t describe_machine_frame(const MachineFrame& frame, InkoCallFrame* out,
                                   std::size_t capacity);

// At most this many frames come from one machine frame.
constexpr std::size_t max_inlined_depth = 32;

} // namespace inko
