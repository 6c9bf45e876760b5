// The runtime's process record.
//
// Its first member is the InkoProcessHot that generated code reads (abi.h),
// so an InkoProcess* is also an InkoProcessHot*. Ownership of the fields:
//   - hot, context, blocking_depth, pinned_depth, suspend_reason, panicking,
//     deadline_ns: the thread running the process, or the worker that
//     switched away from it (until it is queued or parked again).
//   - wait_word, references: atomics, any thread (process/wake.h).
//   - woken_by_timeout: written by whoever wins the wake-up, before queueing.
//   - mailbox: pushed by any thread, popped by the owner (process/mailbox.h).
//   - next_in_queue: the run queue that holds the process.
// A record lives while anyone holds a reference: the scheduler (until the
// process finishes), Process handles, and pending timers.
#pragma once

#include "context/context.h"
#include "inko/abi.h"
#include "process/mailbox.h"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace inko {
class Heap;
class Worker;
struct MessageFragment;
} // namespace inko

// Why a process switched back to its worker; the worker acts on it.
enum class SuspendReason : std::uint8_t {
  yield,            // time slice used up or explicit yield
  wait_for_message, // receive found the mailbox empty
  sleep,            // suspend(ms)
  move_to_blocking, // entering process.blocking
  move_to_primary,  // leaving process.blocking
  finished,         // returned from its entry or terminated
};

// Laid out by who touches what on a message hand-off, in three 64-byte
// groups (0: the running process; 1: its wakers and mailbox senders; 2: the
// switch to it and its heap), so that waking and running a process touches
// few cache lines of it and senders on other threads never write the group
// the running process updates at every call (hot.reductions). The record is
// not over-aligned: aligned allocation costs more per spawn than it saves.
struct InkoProcess {
  // Group 0.
  InkoProcessHot hot{};
  // The stack limit proper; hot.stack_limit may be raised above it to
  // force generated code into inko_process_poll.
  std::uintptr_t stack_limit;
  inko::Worker* worker = nullptr; // the worker running it, if any
  // Times it was switched to (a time slice or a message hand-off); the
  // collector tells a process that allocates a little per turn from one
  // allocating in a loop by it (memory/process_heap.h). Wraps around.
  std::uint32_t turns = 0;
  SuspendReason suspend_reason = SuspendReason::yield;
  bool panicking = false;
  bool is_main = false;
  // Its heap holds attributes added through std::mirror
  // (stdlib/added_attributes.h), so its flat messages are deep copied too.
  bool has_added_attributes = false;

  // Group 1.
  std::atomic<std::uint64_t> wait_word{0};
  std::atomic<std::uint32_t> references{1};
  bool woken_by_timeout = false;
  bool in_blocking_pool = false; // routes wake-ups to the blocking pool
  bool pinned = false;           // pinned_to is set
  std::uint64_t deadline_ns = 0; // for wait_for_message and sleep; 0: none
  inko::Mailbox mailbox;

  // Group 2. Its stack is the segment the process runs on (stack/segments.h).
  inko::Context context;
  // Created by the first allocation; only the process touches it (memory/).
  inko::Heap* heap = nullptr;

  // Rarely touched.
  InkoProcess* next_in_queue = nullptr;
  inko::Worker* pinned_to = nullptr; // set while pinned_depth > 0
  std::uint32_t blocking_depth = 0;
  std::uint32_t pinned_depth = 0;
  // The innermost open list of deferred blocks (P13; process/defer.cpp):
  // an Array whose element 0 is the enclosing list (or Nil). Frames that
  // opened lists also keep them on their stacks, which makes them roots.
  InkoValue defer_list = 0;
  std::uint64_t identifier = 0;
  InkoProcessEntry entry = nullptr;
  InkoValue argument = 0;
  // The copy of `argument` made at spawn, adopted when the process starts.
  inko::MessageFragment* argument_fragment = nullptr;
  InkoPanicHandler panic_handler = nullptr;
  void* panic_environment = nullptr;
};

static_assert(offsetof(InkoProcess, hot) == 0);
static_assert(offsetof(InkoProcess, is_main) < 64);
static_assert(offsetof(InkoProcess, wait_word) == 64);
static_assert(offsetof(InkoProcess, mailbox) + sizeof(inko::Mailbox) <= 128);
static_assert(offsetof(InkoProcess, context) == 128);
