// Unit tests of the deadline heap and the timer thread.
#include "timer/timer_thread.h"

#include <algorithm>
#include <atomic>
#include <doctest/doctest.h>
#include <random>
#include <vector>

namespace inko {
namespace {

TEST_CASE("the timer heap yields deadlines in order") {
  TimerHeap heap;
  std::mt19937_64 random(42);
  std::vector<std::uint64_t> deadlines;
  for (int i = 0; i < 10000; ++i) {
    std::uint64_t deadline = random() % 1000000;
    deadlines.push_back(deadline);
    heap.push(TimerEntry{deadline, nullptr, static_cast<std::uint64_t>(i)});
  }
  std::sort(deadlines.begin(), deadlines.end());
  for (std::uint64_t deadline : deadlines) {
    REQUIRE_FALSE(heap.empty());
    CHECK(heap.pop_earliest().deadline_ns == deadline);
  }
  CHECK(heap.empty());
}

TEST_CASE("the timer thread fires every entry no earlier than its deadline") {
  constexpr int count = 10000;
  std::atomic<int> fired{0};
  std::atomic<int> early{0};
  {
    TimerThread timers([&](const TimerEntry& entry) {
      if (monotonic_now_ns() < entry.deadline_ns)
        early.fetch_add(1);
      fired.fetch_add(1);
    });
    std::uint64_t now = monotonic_now_ns();
    std::mt19937_64 random(7);
    for (int i = 0; i < count; ++i)
      timers.add(TimerEntry{now + 1000000 + random() % 50000000, nullptr, 0});
    while (fired.load() < count) {
    }
  }
  CHECK(early.load() == 0);
}

} // namespace
} // namespace inko
