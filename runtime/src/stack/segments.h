// Growable process stacks (docs/stacks.md): a process starts on a small
// first segment; when the check at a function's entry finds the segment
// exhausted, the function calls itself again on a fresh, larger segment
// through inko_stack_grow_call (segment_call_<arch>.S), which switches back
// when it returns. The segments in use form a chain through the SegmentLink
// at the top of each one but the first; the process's Context::stack is
// always the segment it runs on.
//
// Thread safety: only the thread running the process (or the worker that
// owns it while it is switched out) touches its chain.
#pragma once

#include "context/context.h"
#include "inko/abi.h"

#include <cstddef>
#include <cstdint>

struct InkoProcess;

namespace inko {

class StackPool;

// At the top of every segment but the first. inko_process_poll_entry fills
// it in, except caller_sp, which the assembly writes; the assembly reads
// the first three fields at fixed offsets.
struct SegmentLink {
  void* target;              // the function to call on this segment
  std::uint64_t stack_words; // its arguments passed on the stack
  void* caller_sp;           // the lowest word in use on `caller`
  Stack caller;              // the segment the call came from
  std::uintptr_t caller_limit;
  SegmentLink* caller_link; // nullptr: `caller` is the first segment
  std::uint64_t padding;
};

// Arguments of an Inko function (all integer-class words) passed in
// registers; the rest are copied to the new segment.
#if defined(__x86_64__)
inline constexpr std::uint64_t register_arguments = 6;
#elif defined(__aarch64__)
inline constexpr std::uint64_t register_arguments = 8;
#else
#error "unsupported architecture"
#endif

struct StackChain {
  SegmentLink* link = nullptr;  // of the segment in use; nullptr on the first
  Stack spare;                  // the segment left last, kept for the next growth
  std::size_t bytes_in_use = 0; // the first segment and every one linked
};

// Where segments come from and how much stack a process may use in all.
struct SegmentSource {
  StackPool& pool;
  std::size_t cap;
};

// Makes `stack` the process's first segment (before context_prepare).
void start_stack_chain(InkoProcess* process, Stack stack);

// Moves the process onto a fresh segment for a call of `target` with
// `argument_count` arguments: returns the link inko_stack_grow_call reads
// (also stored in hot.next_segment), or nullptr when the segments in use
// would exceed the cap or no address space is left.
SegmentLink* grow_stack(InkoProcess* process, SegmentSource source, void* target,
                        std::uint64_t argument_count);

// Back onto the caller's segment after the call returned; the segment left
// becomes the spare (the previous spare goes back to `pool`).
void leave_segment(InkoProcess* process, StackPool& pool);

// Gives back every segment but the first (in use or spare): a process that
// finished, possibly deep in its chain after a panic. The process must not
// run on them any more; its context is back on the first segment.
void release_segments(InkoProcess* process, StackPool& pool);

// Calls visit(low, high) for every address range of a process's stack
// that holds live frames: `current` (the segment it runs on, Context::stack)
// from `sp`, its lowest live address, and then every older segment in use
// from the stack pointer it had when the call left it. Visits nothing when
// `sp` is not on `current`.
template <typename Visit>
void for_each_live_range(const Stack& current, const StackChain& chain, const char* sp,
                         Visit&& visit) {
  if (!current.contains(sp))
    return;
  const SegmentLink* link = chain.link;
  visit(sp, link != nullptr ? reinterpret_cast<const char*>(link) : current.high());
  for (; link != nullptr; link = link->caller_link) {
    const SegmentLink* outer = link->caller_link;
    visit(static_cast<const char*>(link->caller_sp),
          outer != nullptr ? reinterpret_cast<const char*>(outer) : link->caller.high());
  }
}

} // namespace inko

extern "C" {
// Called by inko_stack_grow_call once the call on a new segment returned.
void inko_stack_segment_return(InkoProcess* process);
}
