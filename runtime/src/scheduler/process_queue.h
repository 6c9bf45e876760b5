// An intrusive FIFO of processes linked through InkoProcess::next_in_queue,
// and a locked version of it that any thread may use. A process is in at
// most one queue at a time, so the link field is never shared.
#pragma once

#include "process/process.h"

#include <atomic>
#include <cstddef>
#include <mutex>

namespace inko {

class ProcessList {
public:
  void push_back(InkoProcess* process) {
    process->next_in_queue = nullptr;
    if (tail_ == nullptr)
      head_ = process;
    else
      tail_->next_in_queue = process;
    tail_ = process;
    ++size_;
  }

  void push_front(InkoProcess* process) {
    process->next_in_queue = head_;
    head_ = process;
    if (tail_ == nullptr)
      tail_ = process;
    ++size_;
  }

  InkoProcess* pop_front() {
    InkoProcess* process = head_;
    if (process == nullptr)
      return nullptr;
    head_ = process->next_in_queue;
    if (head_ == nullptr)
      tail_ = nullptr;
    process->next_in_queue = nullptr;
    --size_;
    return process;
  }

  void append(ProcessList& other) {
    if (other.head_ == nullptr)
      return;
    if (tail_ == nullptr)
      head_ = other.head_;
    else
      tail_->next_in_queue = other.head_;
    tail_ = other.tail_;
    size_ += other.size_;
    other.head_ = other.tail_ = nullptr;
    other.size_ = 0;
  }

  // Keeps the first `keep` processes and moves the rest, in order, to the
  // end of `into`.
  void split_after(std::size_t keep, ProcessList& into) {
    if (keep >= size_)
      return;
    ProcessList rest;
    if (keep == 0) {
      rest = *this;
      head_ = tail_ = nullptr;
    } else {
      InkoProcess* last_kept = head_;
      for (std::size_t i = 1; i < keep; ++i)
        last_kept = last_kept->next_in_queue;
      rest.head_ = last_kept->next_in_queue;
      rest.tail_ = tail_;
      last_kept->next_in_queue = nullptr;
      tail_ = last_kept;
    }
    rest.size_ = size_ - keep;
    size_ = keep;
    into.append(rest);
  }

  void reverse() {
    InkoProcess* reversed = nullptr;
    tail_ = head_;
    while (InkoProcess* process = head_) {
      head_ = process->next_in_queue;
      process->next_in_queue = reversed;
      reversed = process;
    }
    head_ = reversed;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return head_ == nullptr; }

private:
  InkoProcess* head_ = nullptr;
  InkoProcess* tail_ = nullptr;
  std::size_t size_ = 0;
};

class LockedProcessQueue {
public:
  void push(InkoProcess* process) {
    std::lock_guard lock(mutex_);
    list_.push_back(process);
    size_.store(list_.size(), std::memory_order_seq_cst);
  }

  void push_all(ProcessList& processes) {
    std::lock_guard lock(mutex_);
    list_.append(processes);
    size_.store(list_.size(), std::memory_order_seq_cst);
  }

  InkoProcess* pop() {
    if (size_.load(std::memory_order_relaxed) == 0)
      return nullptr;
    std::lock_guard lock(mutex_);
    InkoProcess* process = list_.pop_front();
    size_.store(list_.size(), std::memory_order_relaxed);
    return process;
  }

  // Moves up to half of the queue (at most `limit`) into `into`.
  void steal_half(ProcessList& into, std::size_t limit) {
    if (size_.load(std::memory_order_relaxed) == 0)
      return;
    std::lock_guard lock(mutex_);
    std::size_t count = (list_.size() + 1) / 2;
    if (count > limit)
      count = limit;
    for (std::size_t i = 0; i < count; ++i)
      into.push_back(list_.pop_front());
    size_.store(list_.size(), std::memory_order_relaxed);
  }

  // A racy hint, exact only under the lock; used to decide whether to look.
  std::size_t size_hint() const { return size_.load(std::memory_order_seq_cst); }

private:
  std::mutex mutex_;
  ProcessList list_;
  std::atomic<std::size_t> size_{0};
};

} // namespace inko
