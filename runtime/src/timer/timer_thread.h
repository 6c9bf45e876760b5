// The thread that wakes processes whose receive timeout or sleep expired.
// It sleeps until the earliest deadline; adding an earlier one wakes it.
// Sleeping processes are never polled: only expired entries are touched.
//
// Thread safety: add() from any thread; the heap is guarded by mutex_.
// Each entry holds a reference to its process until it fires.
#pragma once

#include "timer/timer_heap.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace inko {

class TimerThread {
public:
  // `fire` runs on the timer thread, without the lock, for every expired
  // entry; it must release the entry's process reference.
  explicit TimerThread(std::function<void(const TimerEntry&)> fire);
  ~TimerThread();
  TimerThread(const TimerThread&) = delete;
  TimerThread& operator=(const TimerThread&) = delete;

  void add(TimerEntry entry);
  // Pending entries (including stale ones); for tests.
  std::size_t pending();

private:
  void run();

  std::function<void(const TimerEntry&)> fire_;
  std::mutex mutex_;
  std::condition_variable changed_;
  TimerHeap heap_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace inko
