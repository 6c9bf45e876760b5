// A message in transit (message_copy.h): the memory the sender copied a
// message into, which no heap owns until the receiver takes it.
//
// A fragment is a set of heap blocks (memory/block.h) taken from the global
// pool and filled by the sender with bump allocation (message_space.h),
// plus the large objects too big for a cell. Receiving hands the blocks and
// large objects to the receiver's heap (Heap::adopt) as they are. A small
// fragment is packed into one buffer before it is sent instead, and copied
// into the receiver's heap when received (pack_fragment, unpack_fragment).
#pragma once

#include "inko/abi.h"
#include "memory/block.h"
#include "memory/large_objects.h"

#include <cstddef>
#include <vector>

namespace inko {

class Heap;

// Owned by the mailbox node (or the spawned process) until received.
struct MessageFragment {
  Block* blocks = nullptr; // chained through Block::next
  std::vector<LargeObject*> large;
  std::size_t cell_bytes = 0; // of the cells allocated in `blocks`
  std::size_t cell_count = 0;
  // Malloc'ed string bytes the copies share with the sender, which the
  // receiver's heap is charged for (Heap::charge_external): until it
  // collects its copies, it keeps them alive.
  std::size_t shared_bytes = 0;
  // A small message's cells instead of `blocks`, packed by copy_message:
  // each entry a word (cell size | 1 for a buffer), then the cell.
  char* packed = nullptr;
  std::size_t packed_bytes = 0;
  // Where `packed` points when the entries fit (a flat object, the common
  // small message), sparing a malloc and a free per message.
  static constexpr std::size_t inline_bytes = 80;
  alignas(16) char inline_packed[inline_bytes];
};

// A block with every cell free, initialised for `size_class` and `buffers`
// (null when memory is exhausted).
Block* acquire_fragment_block(std::size_t size_class, bool buffers);
// Takes back a block of a fragment that was never adopted.
void release_fragment_block(Block* block);

// Gives the fragment's memory back (its copies hold nothing any more, or
// were copied elsewhere together with what they hold).
void free_fragment(MessageFragment* fragment);
// Packs the cells of a small fragment into one buffer and gives its blocks
// back; returns the root's new address.
InkoValue pack_fragment(MessageFragment& fragment, InkoValue root);
// Copies a packed fragment into `heap` (panicking in `process` when memory
// is exhausted); returns the root's copy. The fragment is left to free.
InkoValue unpack_fragment(Heap& heap, MessageFragment& fragment, InkoValue root,
                          InkoProcess* process);

} // namespace inko
