// A process's heap: where everything the process allocates lives, and the
// only memory it may reference besides permanent objects (PROCESSES P1).
//
// Small allocations are bump-allocated into free runs ("holes") of the
// cells of size-class blocks (memory/block.h); large ones are single
// allocations (memory/large_objects.h). Nothing ever moves: the collector
// (memory/collector.cpp) marks from the process's stack, scanned
// conservatively, and sweeps by clearing allocation bits, so the next
// allocations reuse the holes. Empty blocks go back to the global pool.
//
// Thread safety: a heap belongs to one process. Only that process (running
// on whatever thread) allocates from it, collects it or copies out of it;
// the worker that finishes the process frees it.
#pragma once

#include "inko/abi.h"
#include "memory/block.h"
#include "memory/collection_policy.h"
#include "memory/large_objects.h"
#include "memory/poison.h"
#include "stdlib/added_attributes.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace inko {

struct HeapStatistics {
  std::uint64_t collections = 0;
  std::uint64_t allocated_bytes = 0; // in total, over the heap's life
  std::size_t live_bytes = 0;        // after the last collection
  std::size_t blocks = 0;            // small-object blocks held now
  std::size_t large_bytes = 0;       // large objects held now (live or not)
  std::uint64_t external_bytes = 0;  // charged by charge_external, in total
  std::uint64_t last_pause_ns = 0;
  std::uint64_t max_pause_ns = 0;
  std::uint64_t total_pause_ns = 0;
};

// A resolved address: the start and size of the allocation containing it.
struct Allocation {
  char* start = nullptr;
  std::size_t size = 0;
  bool is_buffer = false;
  bool permanent = false; // promoted in place (promote)
  explicit operator bool() const { return start != nullptr; }
};

class Heap {
public:
  // When to collect is memory/collection_policy.h's decision.
  static constexpr std::size_t default_threshold = CollectionPolicy::default_threshold;
  // The floor does not double after a collection that found live objects
  // and stack together under 1/nearly_empty_ratio of it, when the process
  // ran at least slow_allocator_turns times since the one before (see
  // collect).
  static constexpr std::size_t nearly_empty_ratio = 4;
  static constexpr std::uint32_t slow_allocator_turns = 32;

  explicit Heap(InkoProcess* owner);
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;
  // Finalises every object still allocated and returns all memory.
  ~Heap();

  // Zeroed memory for an object (`buffer` false; `finalisable` when its
  // kind has a finaliser) or a buffer. Null only when memory is exhausted.
  // May collect first.
  char* allocate(std::size_t size, bool buffer, bool finalisable) {
    std::size_t cell_size = 0;
    if (char* cell = bump(size, buffer, finalisable, cell_size)) {
      std::memset(cell, 0, cell_size);
      return cell;
    }
    return allocate_slow(size, buffer, finalisable);
  }
  // The fast path of allocate without the zeroing: the next cell of the
  // current run of free cells, allocated (its bit set) and `cell_size`
  // bytes long, holding whatever it held before; null when the size is
  // large or the run is used up (allocate then). Never collects, so the
  // caller can write the whole cell before the collector could see it.
  [[gnu::always_inline]] char* bump(std::size_t size, bool buffer, bool finalisable,
                                    std::size_t& cell_size) {
    if (size > largest_cell)
      return nullptr;
    std::size_t size_class = size_class_of(size);
    Allocator& allocator = allocators_[buffer][size_class];
    if (allocator.cursor == allocator.limit)
      return nullptr;
    Block* block = allocator.current;
    char* cell = allocator.cursor;
    // The block's cell size, known at compile time for constant sizes.
    cell_size = size_classes[size_class];
    block->may_finalise |= finalisable;
    allocator.cursor = cell + cell_size;
    block->set_allocated(allocator.cursor_index++);
    unpoison(cell, cell_size);
    return cell;
  }
  // Memory outside this heap that its objects keep alive and that the
  // collector frees with them (string bytes): counted like an allocation
  // towards the next collection, which the next collect_if_due then runs.
  // A counter add, so the caller decides when collecting is safe.
  void charge_external(std::size_t bytes) {
    since_collection_ += bytes;
    statistics_.external_bytes += bytes;
  }
  // Gives back a buffer before the collector would (resize_buffer).
  void free_buffer(void* buffer);
  // `buffer` (this heap's) grown to `size` bytes without copying when it is
  // a large mapped one, its new bytes zero; null otherwise (allocate, copy
  // and free_buffer then). May collect first, as allocate may.
  char* grow_buffer(void* buffer, std::size_t size);

  // The allocation of this heap containing `address`, if any.
  Allocation find(std::uintptr_t address);
  // The object (not buffer) of this heap starting at `value`, if any.
  Allocation find_object(InkoValue value);
  // The buffer of this heap starting at `address`, if any.
  Allocation find_buffer(const void* address);

  // Makes `value` and everything of this heap reachable from it permanent
  // where it is (P8: module constants and what they reach): its cells are
  // never freed, moved or copied from then on, also after this heap is
  // gone, and every process may read them. Identity is kept. Never
  // collects (memory/promote.cpp).
  void promote(InkoValue value);

  // Collects now. Must run on the owning process's own stack.
  void collect();
  // Collects when the allocations since the last collection reached the
  // threshold (and collection is not inhibited). Same stack rule.
  void collect_if_due() {
    if (since_collection_ >= policy_.threshold() && inhibited_ == 0 && !collecting_)
      collect();
  }
  // Takes over blocks filled elsewhere (a message fragment; chained through
  // Block::next, allocation bits set, no other heap's) and detached large
  // objects, as if this heap had allocated their cells. Never collects.
  void adopt(Block* blocks, LargeObject* const* large, std::size_t large_count);
  // Collection is deferred while inhibited (nested counts); a collection
  // due meanwhile runs at the next allocation after the last uninhibit.
  void inhibit_collection() { ++inhibited_; }
  void allow_collection() { --inhibited_; }

  InkoProcess* owner() const { return owner_; }
  // What std::mirror added to this heap's objects (stdlib/added_attributes.h).
  AddedAttributes& added_attributes() { return added_attributes_; }
  const HeapStatistics& statistics() const { return statistics_; }
  void set_threshold(std::size_t bytes) { policy_.set_floor(bytes); }
  // The epoch of a new message copy out of this heap (process_memory.h,
  // header_forwarded), never 0. When the 16-bit epoch wraps around, every
  // object's flags are cleared first, so no forwarding of an earlier copy
  // can be taken for one of the new epoch.
  std::uint64_t begin_copy();
  // Hands this heap's pause log to the exit summary (memory/gc_stats.h);
  // nothing when pauses are not recorded or were handed over already.
  void fold_gc_stats();

private:
  friend class Collector;
  friend class Promoter;

  struct Allocator {
    char* cursor = nullptr; // the free run being filled
    char* limit = nullptr;
    std::uint32_t cursor_index = 0;
    std::uint32_t scan_index = 0; // where the next run search starts
    Block* current = nullptr;
    Block* fill = nullptr;   // the next block to search for free runs
    Block* blocks = nullptr; // every block of this allocator
  };

  char* allocate_slow(std::size_t size, bool buffer, bool finalisable);
  char* allocate_large(std::size_t size, bool buffer, bool finalisable);
  bool next_run(Allocator& allocator);
  bool new_block(Allocator& allocator, std::size_t size_class, bool buffer);
  void count_allocation(std::size_t bytes);

  // The set of this heap's block addresses (open addressing).
  bool owns_block(const Block* block) const;
  void insert_block(Block* block);
  void rebuild_block_set();

  InkoProcess* owner_;
  Allocator allocators_[2][size_class_count]; // [buffer][size class]
  // Bit c of ever_used_[buffer]: allocators_[buffer][c] has had blocks. A
  // collection visits only those: most heaps use two or three of the 54
  // allocators, and the others' cache lines (2.6 KiB) are cold by then.
  std::uint32_t ever_used_[2] = {0, 0};
  static_assert(size_class_count <= 32);
  template <typename Visit> void for_each_used_allocator(Visit visit) {
    for (int buffer = 0; buffer < 2; ++buffer)
      for (std::uint32_t bits = ever_used_[buffer]; bits != 0; bits &= bits - 1)
        visit(allocators_[buffer][std::countr_zero(bits)]);
  }
  LargeObjects large_;
  std::vector<std::uintptr_t> block_set_;
  // The block owns_block found last (it spares the probe when messages
  // and lookups keep to a few blocks); cleared whenever blocks leave.
  mutable const Block* last_owned_ = nullptr;
  std::size_t block_count_ = 0;
  std::size_t since_collection_ = 0;
  CollectionPolicy policy_;
  std::uint32_t turns_at_collection_ = 0; // the owner's turns (process.h)
  std::uint64_t copy_epoch_ = 0;
  int inhibited_ = 0;
  bool collecting_ = false;
  HeapStatistics statistics_;
  std::vector<std::pair<std::uintptr_t, std::size_t>> mark_stack_;
  // Every pause, when INKO_GC_STATS asks for them (else null).
  std::unique_ptr<std::vector<std::uint64_t>> pause_log_;
  AddedAttributes added_attributes_;
};

} // namespace inko
