// Allocation of mailbox nodes (mailbox.h). A node is allocated by the
// sender and freed by the receiver, often on another thread and often
// after many more have been sent (a busy consumer), so neither malloc
// (cross-thread frees take the sender's arena lock) nor a per-thread free
// list fits. Instead each thread carves nodes from its own slab, a
// slab_bytes block aligned to its size, and a slab counts the nodes not yet
// freed; whoever brings the count to zero frees the slab.
//
// Nodes differ in size (a flat object may travel inside its node, see
// flat_message.h), so the count starts one above the most nodes a slab
// could hold: the carving thread's own reference, dropped when it retires
// the slab, together with the nodes it never carved. Until then that
// thread's own frees (a process sending to another on the same worker) are
// counted without an atomic operation and subtracted when the slab is
// retired.
#include "process/mailbox.h"
#include "process/message_copy.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>

namespace inko {
namespace {

constexpr std::size_t slab_bytes = 16 * 1024;

struct alignas(64) SlabHeader {
  std::atomic<std::size_t> unfreed;
};

constexpr std::size_t slab_space = slab_bytes - sizeof(SlabHeader);
constexpr std::size_t node_alignment = alignof(MessageNode);
constexpr std::size_t max_nodes_per_slab = slab_space / sizeof(MessageNode);

SlabHeader* slab_of(MessageNode* node) {
  return reinterpret_cast<SlabHeader*>(reinterpret_cast<std::uintptr_t>(node) & ~(slab_bytes - 1));
}

// Slabs whose nodes were all freed, for the next thread that needs one.
// Without them a consumer that lags behind its producers (fan-in) made
// every new slab a new aligned_alloc, and glibc seldom reuses a freed
// aligned block for another: the fanin workload's 1,000,000 messages took
// 35 MB and 8,000 page faults. A thread takes one per slab_bytes of nodes,
// so the mutex is rare.
class FreeSlabs {
public:
  static constexpr std::size_t limit = 256;

  void* take() {
    std::lock_guard lock(mutex_);
    if (count_ == 0)
      return nullptr;
    return slabs_[--count_];
  }

  void give(void* slab) {
    {
      std::lock_guard lock(mutex_);
      if (count_ < limit) {
        slabs_[count_++] = slab;
        return;
      }
    }
    std::free(slab);
  }

private:
  std::mutex mutex_;
  void* slabs_[limit];
  std::size_t count_ = 0;
};

// Never destroyed: threads that end after static destruction still free
// their slabs.
FreeSlabs& free_slabs() {
  static FreeSlabs* slabs = new FreeSlabs;
  return *slabs;
}

void forget_nodes(SlabHeader* slab, std::size_t count) {
  if (slab->unfreed.fetch_sub(count, std::memory_order_acq_rel) == count) {
    slab->~SlabHeader();
    free_slabs().give(slab);
  }
}

struct SlabCursor {
  SlabHeader* slab = nullptr;
  std::size_t carved = 0; // nodes
  std::size_t carved_bytes = 0;
  std::size_t freed_here = 0; // nodes of `slab` freed by this thread

  // Frees of other threads' nodes not yet subtracted from their slabs: a
  // consumer frees runs of nodes from the same few slabs, and one atomic
  // subtraction per run spares a contended cache line per message. A slab
  // is thus freed at most one run late.
  struct Deferred {
    SlabHeader* slab = nullptr;
    std::size_t count = 0;
  };
  static constexpr std::size_t deferred_slabs = 4;
  static constexpr std::size_t deferred_limit = 64;
  Deferred deferred[deferred_slabs];
  std::size_t next_victim = 0;

  // A thread that ends gives up the nodes it never carved.
  ~SlabCursor() {
    for (Deferred& entry : deferred)
      flush(entry);
    retire();
  }

  static void flush(Deferred& entry) {
    if (entry.slab != nullptr)
      forget_nodes(entry.slab, entry.count);
    entry = Deferred{};
  }

  void forget_later(SlabHeader* of) {
    for (Deferred& entry : deferred) {
      if (entry.slab == of) {
        if (++entry.count == deferred_limit)
          flush(entry);
        return;
      }
    }
    for (Deferred& entry : deferred) {
      if (entry.slab == nullptr) {
        entry = Deferred{of, 1};
        return;
      }
    }
    Deferred& victim = deferred[next_victim++ % deferred_slabs];
    flush(victim);
    victim = Deferred{of, 1};
  }

  void retire() {
    if (slab != nullptr)
      forget_nodes(slab, max_nodes_per_slab - carved + freed_here + 1);
    slab = nullptr;
  }

  // A node followed by `extra_bytes` (at most max_message_node_extra).
  MessageNode* allocate(std::size_t extra_bytes) {
    std::size_t bytes =
        (sizeof(MessageNode) + extra_bytes + node_alignment - 1) & ~(node_alignment - 1);
    if (slab == nullptr || carved_bytes + bytes > slab_space) {
      retire();
      void* memory = free_slabs().take();
      if (memory == nullptr)
        memory = std::aligned_alloc(slab_bytes, slab_bytes);
      if (memory == nullptr)
        std::abort();
      slab = new (memory) SlabHeader{max_nodes_per_slab + 1};
      carved = 0;
      carved_bytes = 0;
      freed_here = 0;
    }
    char* node = reinterpret_cast<char*>(slab) + sizeof(SlabHeader) + carved_bytes;
    carved_bytes += bytes;
    ++carved;
    return new (node) MessageNode;
  }

  void free(MessageNode* node) {
    SlabHeader* of = slab_of(node);
    if (of == slab)
      ++freed_here;
    else
      forget_later(of);
  }
};

thread_local SlabCursor slab_cursor;

} // namespace

MessageNode* new_message_node(InkoValue value, MessageFragment* fragment) {
  MessageNode* node = slab_cursor.allocate(0);
  node->value = value;
  node->fragment = fragment;
  return node;
}

MessageNode* new_message_node_with_space(std::size_t extra_bytes) {
  if (extra_bytes > max_message_node_extra)
    std::abort();
  return slab_cursor.allocate(extra_bytes);
}

void free_message_node(MessageNode* node) {
  if (node->fragment != nullptr)
    discard_fragment(node->fragment);
  slab_cursor.free(node);
}

} // namespace inko
