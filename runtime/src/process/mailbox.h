// A process's mailbox: an unbounded FIFO of messages with many producers
// (any thread sending to the process) and one consumer (the process itself,
// or the scheduler acting for it while it is suspended).
//
// It is Vyukov's intrusive MPSC queue: push is one atomic exchange plus one
// store and never blocks or takes a lock; pop is wait-free for the consumer
// but may report "empty" while a push is half done (the pusher then still
// performs the wake-up check, see process/wake.h), which is why receivers
// re-check after they announce that they wait.
#pragma once

#include "inko/abi.h"

#include <atomic>
#include <cstddef>

namespace inko {

struct MessageFragment;

struct MessageNode {
  std::atomic<MessageNode*> next{nullptr};
  InkoValue value = 0;
  // The copied objects `value` refers to (process/message_copy.h), if any.
  MessageFragment* fragment = nullptr;
};

class Mailbox {
public:
  Mailbox() = default;
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;
  ~Mailbox();

  // Any thread. The mailbox owns `node` afterwards.
  void push(MessageNode* node);
  // Consumer only. Returns the oldest message node (the caller frees it
  // with free_message_node) or nullptr when empty.
  MessageNode* pop();
  // True when a message is queued or a push is in progress. Exact for the
  // consumer; from any other thread a hint that is never a false "empty"
  // for pushes that happened before it.
  bool has_messages() const;
  // Consumer only: drops every queued message.
  void clear();

private:
  std::atomic<MessageNode*> newest_{&stub_}; // where producers push
  // Where the consumer pops. Atomic only so that a worker re-checking a
  // just-parked process (process/wake.h) may read it while the process,
  // already woken, pops on another thread; the consumer uses relaxed order.
  std::atomic<MessageNode*> oldest_{&stub_};
  MessageNode stub_;
};

// Any thread; nodes are carved from per-thread slabs
// (message_node_cache.cpp).
MessageNode* new_message_node(InkoValue value, MessageFragment* fragment = nullptr);
// A node followed by `extra_bytes` of its own (at most
// max_message_node_extra, 8-aligned) for a message carried inside it;
// value and fragment are left to the caller.
inline constexpr std::size_t max_message_node_extra = 256;
MessageNode* new_message_node_with_space(std::size_t extra_bytes);
void free_message_node(MessageNode* node);

} // namespace inko
