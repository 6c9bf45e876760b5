// A binary min-heap of deadlines: the data structure behind receive
// timeouts and sleeps. Not thread-safe; the timer thread's lock guards it.
// Entries are never removed early: a wait that ends before its deadline
// leaves a stale entry whose epoch no longer matches (process/wake.h).
#pragma once

#include <cstdint>
#include <vector>

struct InkoProcess;

namespace inko {

struct TimerEntry {
  std::uint64_t deadline_ns;
  InkoProcess* process;
  std::uint64_t epoch;
};

class TimerHeap {
public:
  void push(TimerEntry entry);
  // Precondition: !empty().
  const TimerEntry& earliest() const { return entries_.front(); }
  TimerEntry pop_earliest();
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

private:
  std::vector<TimerEntry> entries_;
};

std::uint64_t monotonic_now_ns();

} // namespace inko
