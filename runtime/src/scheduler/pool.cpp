// Run-queue selection, stealing, parking and growth of a pool (pool.h).
#include "scheduler/pool.h"

#include "process/process.h"
#include "scheduler/runtime.h"
#include "timer/timer_heap.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

namespace inko {

Pool::Pool(Runtime& runtime, PoolKind kind, std::size_t threads, std::size_t max_threads)
    : runtime_(runtime), kind_(kind), initial_threads_(threads == 0 ? 1 : threads),
      max_threads_(max_threads < initial_threads_ ? initial_threads_ : max_threads),
      workers_(new std::unique_ptr<Worker>[max_threads_]) {
  for (std::size_t i = 0; i < initial_threads_; ++i)
    workers_[i] = std::make_unique<Worker>(*this, i);
  count_.store(initial_threads_, std::memory_order_release);
}

Pool::~Pool() {
  stop();
}

void Pool::start(bool adopt_calling_thread) {
  adopted_ = adopt_calling_thread;
  for (std::size_t i = adopt_calling_thread ? 1 : 0; i < initial_threads_; ++i) {
    Worker* worker = workers_[i].get();
    worker->thread = std::thread([worker] { worker->run(); });
  }
  if (kind_ == PoolKind::blocking && max_threads_ > initial_threads_)
    monitor_ = std::thread([this] { grow_while_stuck(); });
  if (kind_ == PoolKind::primary)
    monitor_ = std::thread([this] { preempt_long_runners(); });
}

void Pool::stop_signal() {
  notify_all();
  std::lock_guard lock(grow_mutex_);
  grow_cv_.notify_all();
}

void Pool::stop() {
  stop_signal();
  if (monitor_.joinable())
    monitor_.join();
  std::size_t count = thread_count();
  for (std::size_t i = 0; i < count; ++i) {
    if (workers_[i]->thread.joinable() &&
        workers_[i]->thread.get_id() != std::this_thread::get_id())
      workers_[i]->thread.join();
  }
}

void Pool::schedule(InkoProcess* process, Worker* current, bool as_next) {
  if (kind_ == PoolKind::primary && current != nullptr && current->pinned == nullptr) {
    current->push_local(process, as_next);
    return;
  }
  global_.push(process);
  notify_one();
  if (sleepers_.load(std::memory_order_seq_cst) != 0)
    return;
  if (kind_ == PoolKind::blocking) {
    grow_cv_.notify_one();
  } else {
    // Every worker is busy: have the monitor preempt one now rather than
    // let the process (often one a timer woke, P23) wait up to two ticks.
    preempt_now_.store(true, std::memory_order_relaxed);
    std::lock_guard lock(grow_mutex_);
    grow_cv_.notify_one();
  }
}

InkoProcess* Pool::take_global() {
  return global_.pop();
}

void Pool::worker_pinned() {
  pinned_workers_.fetch_add(1, std::memory_order_seq_cst);
  // A surplus worker parked on pinned_cv_ may be needed again; if there is
  // none, the monitor starts one (thread creation stays off process stacks).
  {
    std::lock_guard lock(park_mutex_);
    pinned_cv_.notify_all();
  }
  std::lock_guard lock(grow_mutex_);
  grow_cv_.notify_one();
}

void Pool::worker_unpinned() {
  pinned_workers_.fetch_sub(1, std::memory_order_seq_cst);
}

bool Pool::surplus(const Worker& worker) const {
  return kind_ == PoolKind::primary &&
         worker.index() >= initial_threads_ + pinned_workers_.load(std::memory_order_seq_cst);
}

// Called by the monitor, holding grow_mutex_.
void Pool::start_replacements() {
  while (!runtime_.stopping() && thread_count() < max_threads_ &&
         thread_count() < initial_threads_ + pinned_workers_.load(std::memory_order_seq_cst))
    add_thread();
}

InkoProcess* Pool::steal(Worker& thief) {
  if (kind_ != PoolKind::primary)
    return nullptr;
  std::size_t count = thread_count();
  std::size_t start = thief.index() + 1;
  for (std::size_t i = 0; i < count; ++i) {
    Worker& victim = *workers_[(start + i) % count];
    if (&victim == &thief)
      continue;
    if (InkoProcess* process = victim.local.steal_into(thief.local, 128))
      return process;
  }
  return nullptr;
}

bool Pool::has_work_for(Worker& worker) {
  if (worker.pinned != nullptr)
    return worker.pinned_ready.load(std::memory_order_seq_cst) != nullptr;
  if (surplus(worker))
    return false;
  if (global_.size_hint() > 0)
    return true;
  if (kind_ != PoolKind::primary)
    return false;
  std::size_t count = thread_count();
  for (std::size_t i = 0; i < count; ++i) {
    if (workers_[i]->local.size_hint() > 0)
      return true;
  }
  return false;
}

void Pool::park(Worker& worker) {
  std::unique_lock lock(park_mutex_);
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  if (!has_work_for(worker) && !runtime_.stopping()) {
    // Pinned and surplus workers wait apart so that notify_one never picks
    // one of them.
    (worker.pinned != nullptr || surplus(worker) ? pinned_cv_ : park_cv_).wait(lock);
  }
  sleepers_.fetch_sub(1, std::memory_order_seq_cst);
}

void Pool::notify_one() {
  if (sleepers_.load(std::memory_order_seq_cst) == 0)
    return;
  wake_ups_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(park_mutex_);
  park_cv_.notify_one();
}

void Pool::notify_all() {
  std::lock_guard lock(park_mutex_);
  park_cv_.notify_all();
  pinned_cv_.notify_all();
}

void Pool::add_thread() {
  std::size_t index = count_.load(std::memory_order_relaxed);
  workers_[index] = std::make_unique<Worker>(*this, index);
  Worker* worker = workers_[index].get();
  count_.store(index + 1, std::memory_order_release);
  worker->thread = std::thread([worker] { worker->run(); });
}

// The blocking pool's monitor. A thread that has run the same process for
// more than a tick is taken to be stuck in a blocking call; while work is
// queued and no thread is idle, one thread is added per stuck thread (so
// the pool at most doubles per tick), up to max_threads_.
// Preemption (PROCESSES P20). Generated code checks only the stack limit at
// every call and loop back edge; a process that has had its thread for
// longer than a time slice gets its limit raised, so its next check enters
// inko_process_poll, which yields. run_process restores the real limit.
void Pool::preempt_long_runners() {
  const std::uint64_t slice = runtime_.config().time_slice_ns;
  const auto tick = std::chrono::nanoseconds(slice / 2);
  // A worker whose switch count did not move for a whole tick while it ran
  // a process has run that process for at least one tick, at most two.
  std::vector<std::uint64_t> last_switches;
  std::unique_lock lock(grow_mutex_);
  while (!runtime_.stopping()) {
    start_replacements();
    // Idle pools need no ticks: wait until a worker is likely busy.
    bool all_asleep = sleepers_.load(std::memory_order_relaxed) >= thread_count();
    if (!preempt_now_.load(std::memory_order_relaxed))
      grow_cv_.wait_for(lock, all_asleep ? std::chrono::nanoseconds(20 * slice) : tick);
    start_replacements();
    // A process waits in the global queue while every worker is busy:
    // preempt the first running process regardless of how long it ran.
    bool urgent = preempt_now_.exchange(false, std::memory_order_relaxed);
    std::size_t count = thread_count();
    if (last_switches.size() < count)
      last_switches.resize(count, 0);
    for (std::size_t i = 0; i < count; ++i) {
      Worker& worker = *workers_[i];
      std::uint64_t switches = worker.switches.load(std::memory_order_relaxed);
      bool same_process = switches == last_switches[i];
      last_switches[i] = switches;
      if ((!same_process && !urgent) ||
          worker.preemptible.load(std::memory_order_relaxed) == nullptr)
        continue;
      urgent = false;
      worker.monitor_busy.store(true, std::memory_order_seq_cst);
      if (InkoProcess* process = worker.preemptible.load(std::memory_order_seq_cst)) {
        std::atomic_ref<std::uintptr_t>(process->hot.stack_limit)
            .store(UINTPTR_MAX, std::memory_order_relaxed);
      }
      worker.monitor_busy.store(false, std::memory_order_seq_cst);
    }
  }
}

void Pool::grow_while_stuck() {
  using namespace std::chrono_literals;
  constexpr std::uint64_t tick_ns = 1000000;
  std::unique_lock lock(grow_mutex_);
  while (!runtime_.stopping()) {
    start_replacements();
    if (global_.size_hint() == 0) {
      grow_cv_.wait_for(lock, 50ms);
      continue;
    }
    grow_cv_.wait_for(lock, 1ms);
    std::size_t queued = global_.size_hint();
    if (queued == 0 || sleepers_.load(std::memory_order_seq_cst) != 0)
      continue;
    std::uint64_t now = monotonic_now_ns();
    std::size_t count = thread_count();
    std::size_t stuck = 0;
    for (std::size_t i = 0; i < count; ++i) {
      std::uint64_t since = workers_[i]->running_since_ns.load(std::memory_order_relaxed);
      if (since != 0 && now - since > tick_ns)
        ++stuck;
    }
    std::size_t extra = stuck < queued ? stuck : queued;
    if (extra > max_threads_ - count)
      extra = max_threads_ - count;
    for (std::size_t i = 0; i < extra && !runtime_.stopping(); ++i)
      add_thread();
  }
}

} // namespace inko
