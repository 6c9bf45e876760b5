// The timer thread's loop (see timer_thread.h).
#include "timer/timer_thread.h"

#include <chrono>
#include <vector>

namespace inko {

TimerThread::TimerThread(std::function<void(const TimerEntry&)> fire)
    : fire_(std::move(fire)), thread_([this] { run(); }) {}

TimerThread::~TimerThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_one();
  thread_.join();
}

void TimerThread::add(TimerEntry entry) {
  bool earliest;
  {
    std::lock_guard lock(mutex_);
    earliest = heap_.empty() || entry.deadline_ns < heap_.earliest().deadline_ns;
    heap_.push(entry);
  }
  if (earliest)
    changed_.notify_one();
}

std::size_t TimerThread::pending() {
  std::lock_guard lock(mutex_);
  return heap_.size();
}

void TimerThread::run() {
  std::vector<TimerEntry> expired;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    std::uint64_t now = monotonic_now_ns();
    while (!heap_.empty() && heap_.earliest().deadline_ns <= now)
      expired.push_back(heap_.pop_earliest());
    if (!expired.empty()) {
      lock.unlock();
      for (const TimerEntry& entry : expired)
        fire_(entry);
      expired.clear();
      lock.lock();
      continue;
    }
    if (heap_.empty()) {
      changed_.wait(lock);
    } else {
      // steady_clock is CLOCK_MONOTONIC on Linux, the clock of the deadlines.
      auto deadline = std::chrono::steady_clock::time_point(
          std::chrono::nanoseconds(heap_.earliest().deadline_ns));
      changed_.wait_until(lock, deadline);
    }
  }
  // Entries left at shutdown still hold references.
  lock.unlock();
  while (!heap_.empty())
    fire_(heap_.pop_earliest());
}

} // namespace inko
