// Unit tests of the MPSC mailbox: FIFO order, and no message lost or
// reordered per producer under contention.
#include "process/mailbox.h"

#include <doctest/doctest.h>
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

} // namespace
} // namespace inko
