// The deadline heap (see timer_heap.h). Invariant: entries_[i] is never
// later than its children entries_[2i+1] and entries_[2i+2].
#include "timer/timer_heap.h"

#include <ctime>
#include <utility>

namespace inko {

std::uint64_t monotonic_now_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1000000000ull +
         static_cast<std::uint64_t>(now.tv_nsec);
}

void TimerHeap::push(TimerEntry entry) {
  entries_.push_back(entry);
  std::size_t index = entries_.size() - 1;
  while (index > 0) {
    std::size_t parent = (index - 1) / 2;
    if (entries_[parent].deadline_ns <= entries_[index].deadline_ns)
      break;
    std::swap(entries_[parent], entries_[index]);
    index = parent;
  }
}

TimerEntry TimerHeap::pop_earliest() {
  TimerEntry earliest = entries_.front();
  entries_.front() = entries_.back();
  entries_.pop_back();
  std::size_t index = 0;
  std::size_t size = entries_.size();
  for (;;) {
    std::size_t smallest = index;
    std::size_t left = 2 * index + 1;
    std::size_t right = left + 1;
    if (left < size && entries_[left].deadline_ns < entries_[smallest].deadline_ns)
      smallest = left;
    if (right < size && entries_[right].deadline_ns < entries_[smallest].deadline_ns)
      smallest = right;
    if (smallest == index)
      break;
    std::swap(entries_[smallest], entries_[index]);
    index = smallest;
  }
  return earliest;
}

} // namespace inko
