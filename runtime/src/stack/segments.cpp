// Entering and leaving stack segments (see segments.h).
// Invariants: context.stack is the segment the process runs on; its link's
// caller_link is nullptr exactly on the first segment; stack_limit is that
// segment's low end plus INKO_STACK_RESERVE (or what a panic opened); only
// the link of the segment in use may hold a spare.
#include "stack/segments.h"

#include "panic/panic.h"
#include "process/process.h"
#include "scheduler/runtime.h"
#include "stack/stack_pool.h"

#include <atomic>
#include <cstddef>

namespace inko {
namespace {

static_assert(offsetof(InkoProcessHot, unwind_target) == 16, "used by segment_call_<arch>.S");
static_assert(offsetof(SegmentLink, target) == 0, "read by segment_call_<arch>.S");
static_assert(offsetof(SegmentLink, stack_words) == 8, "read by segment_call_<arch>.S");
static_assert(offsetof(SegmentLink, caller_sp) == 16, "written by segment_call_<arch>.S");
static_assert(offsetof(SegmentLink, saved_unwind_target) == 24, "read by segment_call_<arch>.S");

// The preemption monitor may raise hot.stack_limit to UINTPTR_MAX at any
// time; that request must survive the switch (the worker sets the hot limit
// from stack_limit when the process runs again).
void set_limit(InkoProcess* process, std::uintptr_t limit) {
  std::uintptr_t expected = process->stack_limit;
  process->stack_limit = limit;
  std::atomic_ref<std::uintptr_t>(process->hot.stack_limit)
      .compare_exchange_strong(expected, limit, std::memory_order_relaxed);
}

std::uintptr_t limit_of(Stack stack) {
  return reinterpret_cast<std::uintptr_t>(stack.low) + INKO_STACK_RESERVE;
}

} // namespace

void prepare_process_stack(InkoProcess* process, Stack stack, void (*entry)(void*)) {
  SegmentLink* link = link_of(stack);
  *link = SegmentLink{};
  link->bytes_in_use = stack.size;
  process->stack_limit = limit_of(stack);
  process->hot.stack_limit = process->stack_limit;
  auto below_link = static_cast<std::size_t>(reinterpret_cast<char*>(link) - stack.low);
  context_prepare(process->context, Stack{stack.low, below_link}, entry, process);
  process->context.stack = stack;
}

SegmentLink* grow_stack(InkoProcess* process, SegmentSource source, void* target,
                        std::uint64_t argument_count) {
  SegmentLink* caller_link = link_of(process->context.stack);
  std::size_t size = source.pool.stack_size();
  if (caller_link->bytes_in_use + size > source.cap)
    return nullptr;
  Stack segment{caller_link->spare, size};
  caller_link->spare = nullptr;
  if (segment.low == nullptr)
    segment = source.pool.acquire();
  if (segment.low == nullptr)
    return nullptr;
  SegmentLink* link = link_of(segment);
  std::uint64_t stack_words =
      argument_count > register_arguments ? argument_count - register_arguments : 0;
  *link = SegmentLink{target,
                      stack_words,
                      nullptr,
                      process->hot.unwind_target,
                      caller_link,
                      process->context.stack,
                      process->stack_limit,
                      caller_link->bytes_in_use + size,
                      nullptr};
  process->hot.unwind_target = reinterpret_cast<std::uint64_t>(link);
  process->context.stack = segment;
  set_limit(process, limit_of(segment));
  return link;
}

void leave_segment(InkoProcess* process, StackPool& pool) {
  Stack left = process->context.stack;
  SegmentLink* link = link_of(left);
  if (link->spare != nullptr)
    pool.release(Stack{link->spare, left.size});
  process->context.stack = link->caller;
  set_limit(process, link->caller_limit);
  // A loop calling across the boundary reuses it without the pool.
  StackPool::forget_frames(left);
  link->caller_link->spare = left.low;
}

void drop_spare_segment(InkoProcess* process, StackPool& pool) {
  SegmentLink* link = link_of(process->context.stack);
  if (link->spare == nullptr)
    return;
  pool.release(Stack{link->spare, pool.stack_size()});
  link->spare = nullptr;
}

void release_segments(InkoProcess* process, StackPool& pool) {
  for (;;) {
    Stack segment = process->context.stack;
    SegmentLink* link = link_of(segment);
    if (link->spare != nullptr)
      pool.release(Stack{link->spare, pool.stack_size()});
    link->spare = nullptr;
    if (link->caller_link == nullptr)
      return;
    process->context.stack = link->caller;
    process->stack_limit = link->caller_limit;
    pool.release(segment);
  }
}

} // namespace inko

extern "C" void* inko_process_poll_entry(InkoProcess* process, void* function,
                                         uint64_t argument_count) {
  // The caller's stack pointer (its frame is allocated) against the limit
  // proper: the check also fires for preemption requests.
  if (reinterpret_cast<std::uintptr_t>(__builtin_dwarf_cfa()) < process->stack_limit) {
    inko::Runtime& runtime = inko::current_runtime();
    inko::SegmentSource source{runtime.segments(), runtime.config().stack_size};
    if (inko::SegmentLink* link = inko::grow_stack(process, source, function, argument_count))
      return link;
    inko::stack_overflow(process);
  }
  // Out of reductions, or the runtime asked for the slow path.
  inko::suspend_process(process, SuspendReason::yield);
  return nullptr;
}

extern "C" void inko_stack_segment_return(InkoProcess* process) {
  inko::leave_segment(process, inko::current_runtime().segments());
}
