// A worker's run queue. Processes that became runnable again (woken,
// preempted, stolen) wait in FIFO order. Processes spawned on this worker
// that never ran wait on a LIFO stack in front of them, so a tree of
// short-lived processes runs depth first: few of them are alive at once,
// and each new one reuses the stack and heap pages of one that just ended.
//
// Fairness (PROCESSES P20) stays bounded: while the FIFO is not empty at
// least every fifo_share-th pop takes from it, and a stack that reaches
// fresh_bound processes moves as a whole to the FIFO's tail.
//
// Thread safety: the owning worker pushes and pops; other workers steal.
// One mutex, uncontended unless someone steals.
#pragma once

#include "scheduler/process_queue.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace inko {

class LocalRunQueue {
public:
  static constexpr std::size_t fifo_share = 8;
  static constexpr std::size_t fresh_bound = 256;

  void push(InkoProcess* process) {
    std::lock_guard lock(mutex_);
    fifo_.push_back(process);
    publish_size();
  }

  // A process that was to run next but could not (see Worker): it runs
  // before the others that became runnable, and is the first a thief takes.
  void push_first(InkoProcess* process) {
    std::lock_guard lock(mutex_);
    fifo_.push_front(process);
    publish_size();
  }

  // A process that has not run yet, spawned by the worker's thread.
  void push_fresh(InkoProcess* process) {
    std::lock_guard lock(mutex_);
    if (fresh_.size() >= fresh_bound)
      fifo_.append(fresh_);
    fresh_.push_front(process);
    publish_size();
  }

  InkoProcess* pop() {
    if (size_.load(std::memory_order_relaxed) == 0)
      return nullptr;
    std::lock_guard lock(mutex_);
    bool fifo_turn = !fifo_.empty() && (fresh_.empty() || ++pops_ % fifo_share == 0);
    InkoProcess* process = fifo_turn ? fifo_.pop_front() : fresh_.pop_front();
    publish_size();
    return process;
  }

  // Moves up to half of the queued processes (at most `limit`) to the
  // queue of `thief` and returns one of them for the thief to run now, or
  // nullptr. Taken are the oldest of the FIFO, else the oldest (bottom) of
  // the stack, which in a tree of processes stand for the largest
  // subtrees; those stay fresh in the thief's queue, oldest on top, so it
  // runs them oldest first and each depth first. Oldest first also lets a
  // process spawned before many others (a consumer before its producers)
  // run before them.
  InkoProcess* steal_into(LocalRunQueue& thief, std::size_t limit) {
    if (size_.load(std::memory_order_relaxed) == 0)
      return nullptr;
    ProcessList stolen;
    bool fresh = false;
    {
      std::lock_guard lock(mutex_);
      fresh = fifo_.empty();
      ProcessList& from = fresh ? fresh_ : fifo_;
      std::size_t count = (from.size() + 1) / 2;
      if (count > limit)
        count = limit;
      if (fresh) {
        fresh_.split_after(fresh_.size() - count, stolen);
        stolen.reverse();
      } else {
        for (std::size_t i = 0; i < count; ++i)
          stolen.push_back(fifo_.pop_front());
      }
      publish_size();
    }
    InkoProcess* first = stolen.pop_front();
    if (first == nullptr || stolen.empty())
      return first;
    std::lock_guard lock(thief.mutex_);
    (fresh ? thief.fresh_ : thief.fifo_).append(stolen);
    thief.publish_size();
    return first;
  }

  // A racy hint, exact only under the lock; used to decide whether to look.
  std::size_t size_hint() const { return size_.load(std::memory_order_seq_cst); }

private:
  void publish_size() { size_.store(fifo_.size() + fresh_.size(), std::memory_order_seq_cst); }

  std::mutex mutex_;
  ProcessList fifo_;
  ProcessList fresh_; // the front is the top of the stack
  std::uint32_t pops_ = 0;
  std::atomic<std::size_t> size_{0};
};

} // namespace inko
