// The worker loop: pick a process, run it until it switches back, act on
// the reason it gave (see worker.h for who touches what).
#include "scheduler/worker.h"

#include "panic/signals.h"
#include "process/wake.h"
#include "scheduler/pool.h"
#include "scheduler/runtime.h"
#include "stack/segments.h"
#include "timer/timer_heap.h"

#include <utility>

namespace inko {
namespace {

thread_local Worker* this_thread_worker = nullptr;

// Every this many picks a worker looks at the global run queue first.
constexpr std::uint64_t global_queue_interval = 61;

} // namespace

Worker* current_thread_worker() {
  return this_thread_worker;
}

Worker::Worker(Pool& pool, std::size_t index)
    : pool_(pool), index_(index), random_state_(0x9e3779b97f4a7c15ull * (index + 1)) {}

void Worker::push_local(InkoProcess* process, bool as_next) {
  if (as_next) {
    InkoProcess* displaced = run_next_;
    run_next_ = process;
    if (displaced == nullptr)
      return;
    process = displaced;
  }
  local.push(process);
  pool_.notify_one();
}

void Worker::move_run_next_to_queue() {
  local.push_first(std::exchange(run_next_, nullptr));
  pool_.notify_one();
}

void Worker::push_fresh(InkoProcess* process) {
  local.push_fresh(process);
  pool_.notify_one();
}

void Worker::push_pinned(InkoProcess* process) {
  pinned_ready.store(process, std::memory_order_seq_cst);
  pool_.notify_all();
}

void Worker::pin(InkoProcess* process) {
  pinned = process;
  pool_.worker_pinned();
}

void Worker::unpin() {
  pinned = nullptr;
  pool_.worker_unpinned();
}

// A surplus worker (pool.h) gives what is queued on it to the global queue,
// where the workers still running find it.
void Worker::hand_back_queued() {
  if (run_next_ != nullptr)
    pool_.global_.push(std::exchange(run_next_, nullptr));
  inherited_reductions_ = 0;
  while (InkoProcess* process = local.pop())
    pool_.global_.push(process);
  // Also passes on a wake-up meant for work that this worker, woken as a
  // running one, will not do.
  pool_.notify_one();
}

void Worker::run(InkoProcess* first) {
  this_thread_worker = this;
  context_adopt_thread(scheduler_context);
  install_signal_stack();
  if (first != nullptr)
    run_process(first);
  while (InkoProcess* process = next_process())
    run_process(process);
  // Whatever is still queued here is freed by the runtime at shutdown.
  if (run_next_ != nullptr) {
    local.push(run_next_);
    run_next_ = nullptr;
  }
  stacks_.drain(pool_.runtime().stacks());
  remove_signal_stack();
  this_thread_worker = nullptr;
}

InkoProcess* Worker::next_process() {
  Runtime& runtime = pool_.runtime();
  for (;;) {
    if (runtime.stopping())
      return nullptr;
    if (pinned != nullptr) {
      if (InkoProcess* process = pinned_ready.exchange(nullptr, std::memory_order_acquire))
        return process;
      pool_.park(*this);
      continue;
    }
    if (pool_.surplus(*this)) {
      hand_back_queued();
      pool_.park(*this);
      continue;
    }
    ++ticks_;
    if (run_next_ != nullptr) {
      InkoProcess* process = std::exchange(run_next_, nullptr);
      if (inherited_reductions_ > 0)
        return process;
      // The pair handing messages back and forth used up its time slice.
      local.push(process);
    }
    inherited_reductions_ = 0;
    // A process that used up its slice must not keep others (e.g. ones a
    // timer woke into the global queue) waiting, so look there first.
    if (prefer_global_ || ticks_ % global_queue_interval == 0) {
      prefer_global_ = false;
      if (InkoProcess* process = pool_.take_global())
        return process;
    }
    if (InkoProcess* process = local.pop())
      return process;
    if (InkoProcess* process = pool_.take_global())
      return process;
    if (InkoProcess* process = pool_.steal(*this))
      return process;
    if (spin_for_work())
      continue;
    pool_.park(*this);
  }
}

// Looks for work for a few microseconds before parking: waking a parked
// thread costs a futex call on both sides, and work often arrives soon
// (a reply to a message, a process another worker just spawned).
bool Worker::spin_for_work() {
  for (int i = 0; i < 256; ++i) {
    if (pool_.has_work_for(*this))
      return true;
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
  }
  return false;
}

void Worker::run_process(InkoProcess* process) {
  Runtime& runtime = pool_.runtime();
  if (!has_stack(process))
    runtime.give_stack(process, stacks_);
  running = process;
  process->worker = this;
  ++process->turns;
  // A process handed a message (run_next_) continues the sender's time
  // slice, as far as the preemption monitor is concerned too.
  bool continues_slice = inherited_reductions_ > 0;
  process->hot.reductions = continues_slice ? inherited_reductions_ : runtime.config().reductions;
  inherited_reductions_ = 0;
  std::atomic_ref<std::uintptr_t>(process->hot.stack_limit)
      .store(process->stack_limit, std::memory_order_relaxed);
  bool blocking = pool_.kind() == PoolKind::blocking;
  if (blocking)
    running_since_ns.store(monotonic_now_ns(), std::memory_order_relaxed);
  // Counting slices lets the preemption monitor see a long runner without
  // a clock read here. Processes handing a message back and forth share
  // one, so such a pair is preempted like a single busy process (P20).
  if (!continues_slice)
    switches.store(switches.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  // Only clearing it below must be ordered with the monitor's claim.
  preemptible.store(process, std::memory_order_release);
  context_switch(scheduler_context, process->context);
  // After hand-offs, the process that switched back may be another one.
  process = running;
  preemptible.store(nullptr, std::memory_order_seq_cst);
  if (blocking)
    running_since_ns.store(0, std::memory_order_relaxed);
  wait_for_monitor();
  running = nullptr;
  after_switch(process);
}

// The monitor may be writing to the stack limit of the process it took
// from `preemptible` before the last store to it; that process may not
// finish and be freed before it is done.
void Worker::wait_for_monitor() {
  while (monitor_busy.load(std::memory_order_seq_cst)) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
  }
}

bool Worker::hand_off(InkoProcess* from) {
  InkoProcess* to = run_next_;
  // What next_process would decide: the pair shares one time slice
  // (P20), and the global queue gets its periodic look.
  if (to == nullptr || from->hot.reductions <= 0 || pinned != nullptr || !has_stack(to) ||
      (ticks_ + 1) % global_queue_interval == 0 || pool_.runtime().stopping())
    return false;
  run_next_ = nullptr;
  ++ticks_;
  handed_off_ = from;
  to->worker = this;
  ++to->turns;
  to->hot.reductions = from->hot.reductions;
  std::atomic_ref<std::uintptr_t>(to->hot.stack_limit)
      .store(to->stack_limit, std::memory_order_relaxed);
  running = to;
  preemptible.store(to, std::memory_order_seq_cst);
  wait_for_monitor();
  context_switch(from->context, to->context);
  return true;
}

void Worker::complete_hand_off() {
  if (InkoProcess* process = handed_off_) {
    handed_off_ = nullptr;
    park_waiting_process(process, true);
  }
}

void Worker::after_switch(InkoProcess* process) {
  Runtime& runtime = pool_.runtime();
  switch (process->suspend_reason) {
  case SuspendReason::yield:
    prefer_global_ = true;
    requeue_yielded(process);
    break;
  case SuspendReason::wait_for_message:
    inherited_reductions_ = process->hot.reductions;
    park_waiting_process(process, true);
    break;
  case SuspendReason::sleep:
    inherited_reductions_ = process->hot.reductions;
    park_waiting_process(process, false);
    break;
  case SuspendReason::move_to_blocking:
  case SuspendReason::move_to_primary:
    // The process set in_blocking_pool before switching; this routes it.
    runtime.make_runnable(process, this, false);
    break;
  case SuspendReason::finished:
    if (pinned == process)
      unpin(); // terminated inside process.pinned
    runtime.finish(process, stacks_);
    break;
  }
}

// A process that used up its slice goes to the back of this worker's
// queue. When nothing else waits there or in the global queue, this worker
// takes it again at once, so waking an idle worker, which would only find
// it gone, costs a futex call on both sides for nothing and, should it win
// the race, moves the process and everything it touches to the other core
// (a ring's token chain, preempted every slice).
void Worker::requeue_yielded(InkoProcess* process) {
  if (process->pinned || process->in_blocking_pool || pool_.kind() != PoolKind::primary ||
      pinned != nullptr) {
    pool_.runtime().make_runnable(process, this, false);
    return;
  }
  bool alone = run_next_ == nullptr && local.size_hint() == 0 && pool_.global_.size_hint() == 0;
  local.push(process);
  if (!alone)
    pool_.notify_one();
}

void Worker::park_waiting_process(InkoProcess* process, bool for_message) {
  Runtime& runtime = pool_.runtime();
  std::uint64_t deadline = process->deadline_ns;
  // Not yet announced, so no other thread touches its stack; a waiting
  // process keeps only the segments it waits on (docs/stacks.md).
  if (for_message)
    drop_spare_segment(process, runtime.segments());
  // Once announced, the process may be woken, run and finish elsewhere at
  // any moment; this reference keeps the record valid for the re-check.
  retain_process(process);
  if (deadline != 0)
    retain_process(process); // owned by the timer entry
  std::uint64_t epoch =
      announce_wait(process, for_message ? WaitStatus::waiting_for_message : WaitStatus::sleeping);
  if (deadline != 0)
    runtime.timers().add(TimerEntry{deadline, process, epoch});
  if (for_message && process->mailbox.has_messages() && claim_wake(process, epoch, false)) {
    process->woken_by_timeout = false;
    runtime.make_runnable(process, this, false);
  }
  release_process(process);
}

} // namespace inko
