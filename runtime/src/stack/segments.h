// Growable process stacks (docs/stacks.md): a process starts on a small
// first segment; when the check at a function's entry finds the segment
// exhausted, the function calls itself again on a fresh, larger segment
// through inko_stack_grow_call (context/segment_call_<arch>.S), which
// switches back when it returns.
//
// Every segment has a SegmentLink at its top; the links of the segments in
// use form a chain from the one the process runs on (its Context::stack)
// back to the first. The process record holds nothing else, so it stays as
// small as before. A process keeps at most one spare segment (the one it
// left last), in the link of the segment it runs on.
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

// The first three fields are read by the assembly at fixed offsets;
// inko_stack_grow_call writes caller_sp and restores the process's
// hot.unwind_target from saved_unwind_target (inko_process_poll_entry
// passes it the link there).
struct SegmentLink {
  void* target;              // the function to call on this segment
  std::uint64_t stack_words; // its arguments passed on the stack
  void* caller_sp;           // the lowest word in use on the caller's segment
  std::uint64_t saved_unwind_target;
  SegmentLink* caller_link; // nullptr on the first segment
  Stack caller;             // the segment the call came from
  std::uintptr_t caller_limit;
  std::size_t bytes_in_use; // this segment and every older one
  char* spare;              // a segment left earlier (its low end), or nullptr
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

// The link at the top of `segment`.
inline SegmentLink* link_of(const Stack& segment) {
  auto top = reinterpret_cast<std::uintptr_t>(segment.high());
  return reinterpret_cast<SegmentLink*>((top - sizeof(SegmentLink)) & ~std::uintptr_t{15});
}

// Where segments come from and how much stack a process may use in all.
struct SegmentSource {
  StackPool& pool;
  std::size_t cap;
};

// Makes `stack` the process's first segment and prepares its context to
// run entry(process) there.
void prepare_process_stack(InkoProcess* process, Stack stack, void (*entry)(void*));

// Moves the process onto a fresh segment for a call of `target` with
// `argument_count` arguments: returns the link inko_stack_grow_call reads,
// or nullptr when the segments in use would exceed the cap or no address
// space is left.
SegmentLink* grow_stack(InkoProcess* process, SegmentSource source, void* target,
                        std::uint64_t argument_count);

// Back onto the caller's segment after the call returned; the segment left
// becomes the spare (an older spare goes back to `pool`).
void leave_segment(InkoProcess* process, StackPool& pool);

// Gives the spare segment back to `pool`: a process about to wait for a
// message, whose deep recursion may be long over, does not keep up to a
// segment of touched pages while it waits. A recursion after the wait takes
// a segment from the pool again.
void drop_spare_segment(InkoProcess* process, StackPool& pool);

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
void for_each_live_range(const Stack& current, const char* sp, Visit&& visit) {
  if (!current.contains(sp))
    return;
  const SegmentLink* link = link_of(current);
  visit(sp, reinterpret_cast<const char*>(link));
  for (; link->caller_link != nullptr; link = link->caller_link)
    visit(static_cast<const char*>(link->caller_sp),
          reinterpret_cast<const char*>(link->caller_link));
}

} // namespace inko

extern "C" {
// Called by inko_stack_grow_call once the call on a new segment returned.
void inko_stack_segment_return(InkoProcess* process);
}
