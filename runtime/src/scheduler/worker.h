// A worker: one OS thread of a pool, running processes one at a time on
// their own stacks and acting on why each one switched back.
//
// The worker's own fields are touched only by its thread, except `local`
// (a locked queue others steal from) and `pinned_ready` (set by wakers of
// the pinned process). A process running on the worker reaches it through
// InkoProcess::worker, never through thread-local storage: a process may
// resume on another thread, and a cached TLS address would then be wrong.
#pragma once

#include "context/context.h"
#include "process/process.h"
#include "scheduler/local_run_queue.h"
#include "stack/stack_cache.h"

#include <atomic>
#include <cstdint>
#include <thread>

namespace inko {

class Pool;

class Worker {
public:
  Worker(Pool& pool, std::size_t index);
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Runs `first` (if any), then other processes until the runtime stops.
  // Called on the worker's thread.
  void run(InkoProcess* first = nullptr);

  Pool& pool() { return pool_; }
  std::size_t index() const { return index_; }

  // Queues a process on this worker; only this worker's thread may call it.
  // `as_next` puts it in the slot run right after the current process,
  // sharing what is left of the current time slice (message hand-off).
  void push_local(InkoProcess* process, bool as_next);
  // Queues a process spawned by this worker's thread that never ran (see
  // LocalRunQueue); only this worker's thread may call it.
  void push_fresh(InkoProcess* process);
  // Any thread: wakes the pinned process's worker with it.
  void push_pinned(InkoProcess* process);
  // Only this worker's thread: the process running on it is pinned to it
  // from now on, or no longer (P12).
  void pin(InkoProcess* process);
  void unpin();
  // Only this worker's thread, for a message its running process just sent
  // to `receiver`, which was runnable already. When `receiver` waits in the
  // run-next slot, the sender did not stop to wait for a reply but keeps
  // sending (a producer), and would keep it there until its time slice
  // ends: it goes to the queue instead, where an idle worker takes it.
  void release_run_next(InkoProcess* receiver) {
    if (run_next_ == receiver)
      move_run_next_to_queue();
  }

  // Message hand-off. On the stack of `from`, which found its mailbox
  // empty: switches straight to the process a message just woke (the one
  // queued to run next) when it may continue from's time slice, rather
  // than through the scheduler's stack and run queue. Returns when `from`
  // runs again; false (nothing done) when it must suspend the usual way.
  bool hand_off(InkoProcess* from);
  // First thing a process does when it resumes on this worker: parks the
  // process that handed off to it, which could not park itself while it
  // was still running on its own stack.
  void complete_hand_off();

  Context scheduler_context;
  LocalRunQueue local;
  std::atomic<InkoProcess*> pinned_ready{nullptr};
  InkoProcess* pinned = nullptr;  // the process pinned to this thread
  InkoProcess* running = nullptr; // read by the SIGSEGV handler
  // The running process as the preemption monitor sees it, and the monitor's
  // claim on it: while `monitor_busy` is set the process may not be freed
  // (run_process waits after clearing `preemptible`).
  std::atomic<InkoProcess*> preemptible{nullptr};
  std::atomic<bool> monitor_busy{false};
  // Time slices started so far (a message hand-off continues one);
  // written by this worker only.
  std::atomic<std::uint64_t> switches{0};
  // When the running process was last switched to (primary pool: for
  // preemption; blocking pool: for growth;
  // 0 while idle); read by the pool's growth monitor.
  std::atomic<std::uint64_t> running_since_ns{0};
  std::thread thread;

private:
  void move_run_next_to_queue();
  void hand_back_queued();
  InkoProcess* next_process();
  void run_process(InkoProcess* process);
  void after_switch(InkoProcess* process);
  void requeue_yielded(InkoProcess* process);
  void park_waiting_process(InkoProcess* process, bool for_message);
  void wait_for_monitor();
  bool spin_for_work();

  Pool& pool_;
  const std::size_t index_;
  InkoProcess* run_next_ = nullptr;
  InkoProcess* handed_off_ = nullptr; // waits for complete_hand_off
  std::int64_t inherited_reductions_ = 0;
  bool prefer_global_ = false;
  std::uint64_t ticks_ = 0;
  std::uint64_t random_state_;
  StackCache stacks_;
};

// The worker of the calling thread, or nullptr. Only for code that never
// runs on a process stack across a switch (scheduler loop, signal handler).
Worker* current_thread_worker();

} // namespace inko
