// The MPSC mailbox queue (see mailbox.h). Invariant: `oldest_` always points
// at a node whose successor chain holds every message not yet popped; the
// stub node is re-inserted when the last real node would otherwise have to
// be handed out while still being `newest_`.
#include "process/mailbox.h"

namespace inko {

Mailbox::~Mailbox() {
  clear();
}

void Mailbox::push(MessageNode* node) {
  node->next.store(nullptr, std::memory_order_relaxed);
  // seq_cst: pairs with the receiver's announce-then-recheck (process/wake.h).
  MessageNode* previous = newest_.exchange(node, std::memory_order_seq_cst);
  previous->next.store(node, std::memory_order_release);
}

MessageNode* Mailbox::pop() {
  MessageNode* oldest = oldest_.load(std::memory_order_relaxed);
  MessageNode* next = oldest->next.load(std::memory_order_acquire);
  if (oldest == &stub_) {
    if (next == nullptr)
      return nullptr;
    oldest_.store(next, std::memory_order_relaxed);
    oldest = next;
    next = next->next.load(std::memory_order_acquire);
  }
  if (next != nullptr) {
    oldest_.store(next, std::memory_order_relaxed);
    return oldest;
  }
  if (oldest != newest_.load(std::memory_order_acquire))
    return nullptr; // a producer swapped newest_ but has not linked yet
  push(&stub_);
  next = oldest->next.load(std::memory_order_acquire);
  if (next != nullptr) {
    oldest_.store(next, std::memory_order_relaxed);
    return oldest;
  }
  return nullptr;
}

bool Mailbox::has_messages() const {
  if (oldest_.load(std::memory_order_relaxed) != &stub_)
    return true;
  if (stub_.next.load(std::memory_order_seq_cst) != nullptr)
    return true;
  return newest_.load(std::memory_order_seq_cst) != &stub_;
}

void Mailbox::clear() {
  while (MessageNode* node = pop())
    free_message_node(node);
}

} // namespace inko
