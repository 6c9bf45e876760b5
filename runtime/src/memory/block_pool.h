// The global pool of heap blocks: 32 KiB pieces of memory aligned to their
// size, which process heaps (memory/process_heap.h) fill with objects.
//
// Blocks are carved from 4 MiB MAP_NORESERVE regions, so only the pages a
// heap touched cost memory. A released block goes to a LIFO warm list
// (pages kept, so the next heap to need one reuses them at no cost); beyond
// the warm bound its pages are returned to the kernel with MADV_DONTNEED,
// one call per batch of released blocks, and the block becomes cold.
// Regions are never unmapped (a region may hold blocks of many heaps).
//
// Thread safety: every member may be called from any thread; one mutex,
// taken once per block (never per object).
#pragma once

#include "memory/page_free_lists.h"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace inko {

inline constexpr std::size_t heap_block_size = 32 * 1024;

class BlockPool {
public:
  explicit BlockPool(std::size_t warm_bound = 512, std::size_t dirty_batch = 256);
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;

  // A block of heap_block_size bytes aligned to heap_block_size, or null
  // when the address space is exhausted. Its contents are unspecified.
  // The pool block_pool() returns keeps a few blocks per thread in front of
  // its lists (block_pool.cpp).
  void* acquire();
  void release(void* block);
  // Straight to the shared lists.
  void release_shared(void* block);

  std::size_t warm_count();
  std::size_t mapped_bytes();
  // Returns the pages of every warm and dirty block to the kernel now.
  void trim();

private:
  bool map_region();
  static void return_pages(std::vector<void*>& blocks);

  std::mutex mutex_;
  PageFreeLists<void*> free_;
  std::size_t mapped_bytes_ = 0;
  bool thread_cached_ = false; // only block_pool()'s
  friend BlockPool& block_pool();
};

// The process-wide pool every heap uses (lives until the program ends).
BlockPool& block_pool();

} // namespace inko
