// A pool of workers sharing a global run queue: the primary pool (per-worker
// queues, work stealing) and the blocking pool (global queue only, grows
// while every thread is stuck in a blocking call).
//
// A pinned process (PROCESSES P12) keeps its primary worker to itself, even
// while it waits. So that pinned processes cannot starve the others (a
// one-thread pool, or as many pinned processes waiting for messages as
// there are threads), the primary pool keeps `threads` unpinned workers
// running: each pin lets one more worker run, started by the monitor
// thread when there is none yet; when pins end, the surplus workers (those
// with the highest indices) give their queued processes to the global queue
// and park until pins need them again. The blocking pool, whose grown
// threads stay anyway, only adds a thread per pin (up to its maximum) when
// it has fewer than `threads` unpinned ones.
//
// Parking: an idle worker increments sleepers_, re-checks for work, then
// waits on park_cv_; a thread making work available checks sleepers_ after
// publishing it. Both sides use seq_cst, so no wake-up is lost.
#pragma once

#include "scheduler/process_queue.h"
#include "scheduler/worker.h"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace inko {

class Runtime;

enum class PoolKind { primary, blocking };

// At most this many primary workers run beyond the threads asked for, one
// per pinned process (see above).
constexpr std::size_t max_pinned_replacements = 1024;

class Pool {
public:
  Pool(Runtime& runtime, PoolKind kind, std::size_t threads, std::size_t max_threads);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Starts the pool's threads; with `adopt_calling_thread` worker 0 is left
  // for the caller, who then calls worker(0).run() itself.
  void start(bool adopt_calling_thread);
  // Wakes every worker so they see the runtime stopping; joins the threads.
  void stop();
  // Only wakes them (safe from a worker thread).
  void stop_signal();

  // Makes a runnable process run in this pool. `current` is the calling
  // thread's worker when the caller runs on one of this pool's workers.
  void schedule(InkoProcess* process, Worker* current, bool as_next);

  // Takes the oldest process of the global queue, if any.
  InkoProcess* take_global();

  // A worker of this pool began or stopped running a pinned process.
  void worker_pinned();
  void worker_unpinned();

  // How many times a sleeping worker was signalled to look for work.
  std::uint64_t wake_ups() const { return wake_ups_.load(std::memory_order_relaxed); }

  Runtime& runtime() { return runtime_; }
  PoolKind kind() const { return kind_; }
  Worker& worker(std::size_t index) { return *workers_[index]; }
  std::size_t thread_count() const { return count_.load(std::memory_order_acquire); }

private:
  friend class Worker;
  InkoProcess* steal(Worker& thief);
  bool has_work_for(Worker& worker);
  // A primary worker beyond the threads asked for that no pin needs now.
  bool surplus(const Worker& worker) const;
  void start_replacements();
  void park(Worker& worker);
  void notify_one();
  void notify_all();
  void add_thread();
  void grow_while_stuck();
  void preempt_long_runners();

  Runtime& runtime_;
  const PoolKind kind_;
  const std::size_t initial_threads_;
  const std::size_t max_threads_;
  LockedProcessQueue global_;
  // Fixed capacity: stealers read workers_[i] for i < count_ without a lock.
  std::unique_ptr<std::unique_ptr<Worker>[]> workers_;
  std::atomic<std::size_t> count_{0};
  std::atomic<std::size_t> sleepers_{0};
  std::atomic<std::size_t> pinned_workers_{0};
  std::atomic<std::uint64_t> wake_ups_{0};
  std::mutex park_mutex_;
  std::condition_variable park_cv_;
  std::condition_variable pinned_cv_;
  bool adopted_ = false;
  // Set (under grow_mutex_ when notified) when a process was queued while
  // no worker was idle; the preemption monitor then preempts one at once.
  std::atomic<bool> preempt_now_{false};
  std::mutex grow_mutex_; // guards thread creation and the monitor's cv
  std::condition_variable grow_cv_;
  std::thread monitor_;
};

} // namespace inko
