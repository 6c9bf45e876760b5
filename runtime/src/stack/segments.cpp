// Entering and leaving stack segments (see segments.h).
// Invariants: chain.link is nullptr exactly while the process runs on its
// first segment; context.stack is the segment it runs on; stack_limit is
// that segment's low end plus INKO_STACK_RESERVE (or what panic opened).
#include "stack/segments.h"

#include "panic/panic.h"
#include "process/process.h"
#include "scheduler/runtime.h"
#include "stack/stack_pool.h"

#include <atomic>
#include <cstddef>

namespace inko {
namespace {

static_assert(offsetof(InkoProcessHot, next_segment) == 32, "read by segment_call_<arch>.S");
static_assert(offsetof(SegmentLink, target) == 0, "read by segment_call_<arch>.S");
static_assert(offsetof(SegmentLink, stack_words) == 8, "read by segment_call_<arch>.S");
static_assert(offsetof(SegmentLink, caller_sp) == 16, "written by segment_call_<arch>.S");
static_assert(sizeof(SegmentLink) % 16 == 0, "the new stack pointer stays 16-byte aligned");

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

void start_stack_chain(InkoProcess* process, Stack stack) {
  process->stack_chain = StackChain{};
  process->stack_chain.bytes_in_use = stack.size;
  process->stack_limit = limit_of(stack);
  process->hot.stack_limit = process->stack_limit;
}

SegmentLink* grow_stack(InkoProcess* process, SegmentSource source, void* target,
                        std::uint64_t argument_count) {
  StackChain& chain = process->stack_chain;
  std::size_t size = source.pool.stack_size();
  if (chain.bytes_in_use + size > source.cap)
    return nullptr;
  Stack segment = chain.spare;
  chain.spare = Stack{};
  if (segment.low == nullptr)
    segment = source.pool.acquire();
  if (segment.low == nullptr)
    return nullptr;
  auto* link = reinterpret_cast<SegmentLink*>(
      (reinterpret_cast<std::uintptr_t>(segment.high()) - sizeof(SegmentLink)) &
      ~std::uintptr_t{15});
  std::uint64_t stack_words =
      argument_count > register_arguments ? argument_count - register_arguments : 0;
  *link = SegmentLink{
      target, stack_words, nullptr, process->context.stack, process->stack_limit, chain.link, 0};
  chain.link = link;
  chain.bytes_in_use += segment.size;
  process->context.stack = segment;
  process->hot.next_segment = link;
  set_limit(process, limit_of(segment));
  return link;
}

void leave_segment(InkoProcess* process, StackPool& pool) {
  StackChain& chain = process->stack_chain;
  SegmentLink* link = chain.link;
  Stack left = process->context.stack;
  process->context.stack = link->caller;
  chain.link = link->caller_link;
  chain.bytes_in_use -= left.size;
  set_limit(process, link->caller_limit);
  // A loop calling across the boundary reuses this one without the pool.
  if (chain.spare.low != nullptr)
    pool.release(chain.spare);
  StackPool::forget_frames(left);
  chain.spare = left;
}

void release_segments(InkoProcess* process, StackPool& pool) {
  StackChain& chain = process->stack_chain;
  while (SegmentLink* link = chain.link) {
    Stack left = process->context.stack;
    process->context.stack = link->caller;
    process->stack_limit = link->caller_limit;
    chain.link = link->caller_link;
    chain.bytes_in_use -= left.size;
    pool.release(left);
  }
  if (chain.spare.low != nullptr)
    pool.release(chain.spare);
  chain.spare = Stack{};
}

} // namespace inko

extern "C" void* inko_process_poll_entry(InkoProcess* process, void* function,
                                         uint64_t argument_count) {
  char marker;
  if (reinterpret_cast<std::uintptr_t>(&marker) < process->stack_limit) {
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
