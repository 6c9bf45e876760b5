// Unit tests of a worker's run queue: spawned processes run newest first,
// the FIFO keeps its share, a full stack spills and thieves take the oldest.
#include "scheduler/local_run_queue.h"

#include <doctest/doctest.h>
#include <vector>

namespace inko {
namespace {

std::vector<InkoProcess> records(std::size_t count) {
  return std::vector<InkoProcess>(count);
}

TEST_CASE("fresh processes run newest first, before the FIFO but not always") {
  std::vector<InkoProcess> p = records(LocalRunQueue::fifo_share + 2);
  LocalRunQueue queue;
  queue.push(&p[0]);
  for (std::size_t i = 1; i < p.size(); ++i)
    queue.push_fresh(&p[i]);
  CHECK(queue.size_hint() == p.size());
  // fifo_share - 1 pops from the stack (newest first), then the FIFO's turn.
  for (std::size_t i = 1; i < LocalRunQueue::fifo_share; ++i)
    CHECK(queue.pop() == &p[p.size() - i]);
  CHECK(queue.pop() == &p[0]);
  CHECK(queue.pop() == &p[2]);
  CHECK(queue.pop() == &p[1]);
  CHECK(queue.pop() == nullptr);
  CHECK(queue.size_hint() == 0);
}

TEST_CASE("a full stack of fresh processes moves to the FIFO") {
  std::vector<InkoProcess> p = records(LocalRunQueue::fresh_bound + 1);
  LocalRunQueue queue;
  for (InkoProcess& process : p)
    queue.push_fresh(&process);
  // The newest is alone on the stack; the others wait in the FIFO in the
  // order they had on the stack.
  CHECK(queue.pop() == &p.back());
  CHECK(queue.pop() == &p[LocalRunQueue::fresh_bound - 1]);
  CHECK(queue.pop() == &p[LocalRunQueue::fresh_bound - 2]);
}

TEST_CASE("a thief takes the oldest half of the stack, runs them oldest first, keeps them fresh") {
  std::vector<InkoProcess> p = records(6);
  LocalRunQueue victim;
  LocalRunQueue thief;
  for (InkoProcess& process : p)
    victim.push_fresh(&process);
  CHECK(victim.steal_into(thief, 128) == &p[0]);
  CHECK(thief.size_hint() == 2);
  CHECK(victim.size_hint() == 3);
  CHECK(thief.pop() == &p[1]);
  CHECK(thief.pop() == &p[2]);
  CHECK(thief.pop() == nullptr);
  CHECK(victim.pop() == &p[5]);
}

TEST_CASE("a thief prefers the FIFO and respects the limit") {
  std::vector<InkoProcess> p = records(9);
  LocalRunQueue victim;
  LocalRunQueue thief;
  victim.push_fresh(&p[8]);
  for (std::size_t i = 0; i < 8; ++i)
    victim.push(&p[i]);
  CHECK(victim.steal_into(thief, 3) == &p[0]);
  CHECK(thief.pop() == &p[1]);
  CHECK(thief.pop() == &p[2]);
  CHECK(thief.pop() == nullptr);
  CHECK(victim.size_hint() == 6);
  CHECK(LocalRunQueue().steal_into(thief, 128) == nullptr);
}

} // namespace
} // namespace inko
