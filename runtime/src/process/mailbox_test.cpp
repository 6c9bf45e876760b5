// Unit tests of the MPSC mailbox: FIFO order, and no message lost or
// reordered per producer under contention, and node recycling across threads.
#include "process/mailbox.h"

#include <doctest/doctest.h>
#include <set>
#include <thread>
#include <vector>

namespace inko {
namespace {

TEST_CASE("a mailbox is a FIFO") {
  Mailbox mailbox;
  CHECK_FALSE(mailbox.has_messages());
  CHECK(mailbox.pop() == nullptr);
  for (InkoValue i = 1; i <= 5; ++i)
    mailbox.push(new_message_node(i));
  CHECK(mailbox.has_messages());
  for (InkoValue i = 1; i <= 5; ++i) {
    MessageNode* node = mailbox.pop();
    REQUIRE(node != nullptr);
    CHECK(node->value == i);
    free_message_node(node);
  }
  CHECK_FALSE(mailbox.has_messages());
  mailbox.push(new_message_node(9)); // the queue works again after emptying
  MessageNode* node = mailbox.pop();
  CHECK(node->value == 9);
  free_message_node(node);
}

TEST_CASE("many producers and one concurrent consumer lose and reorder nothing") {
  constexpr int producers = 4;
  constexpr int per_producer = 200000;
  Mailbox mailbox;
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&mailbox, p] {
      for (int i = 0; i < per_producer; ++i)
        mailbox.push(new_message_node(static_cast<InkoValue>(p) << 32 | static_cast<unsigned>(i)));
    });
  }
  std::vector<int> next(producers, 0);
  int received = 0;
  bool in_order = true;
  while (received < producers * per_producer) {
    MessageNode* node = mailbox.pop();
    if (node == nullptr) {
      std::this_thread::yield();
      continue;
    }
    int producer = static_cast<int>(node->value >> 32);
    int index = static_cast<int>(node->value & 0xffffffff);
    in_order = in_order && index == next[producer];
    next[producer] = index + 1;
    free_message_node(node);
    ++received;
  }
  for (std::thread& thread : threads)
    thread.join();
  CHECK(in_order);
  CHECK(mailbox.pop() == nullptr);
  CHECK_FALSE(mailbox.has_messages());
}

TEST_CASE("message nodes outlive the thread that allocated them and span many slabs") {
  // 100 000 nodes fill several slabs; the allocating thread ends before
  // any is freed, so the last slab is retired with nodes still in use.
  std::vector<MessageNode*> nodes;
  std::thread allocator([&] {
    for (InkoValue i = 0; i < 100000; ++i)
      nodes.push_back(new_message_node(i));
  });
  allocator.join();
  std::set<MessageNode*> distinct(nodes.begin(), nodes.end());
  CHECK(distinct.size() == nodes.size());
  bool values_intact = true;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    values_intact = values_intact && nodes[i]->value == static_cast<InkoValue>(i);
    free_message_node(nodes[i]);
  }
  CHECK(values_intact);
  // This thread's own nodes, freed here while its slab is current.
  MessageNode* mine = new_message_node(7);
  CHECK(mine->value == 7);
  CHECK(mine->fragment == nullptr);
  free_message_node(mine);
}

} // namespace
} // namespace inko
