// Region carving and the warm/dirty/cold free lists of heap blocks (see
// block_pool.h). Invariant: every block lies in exactly one region and is
// either owned by one heap or on exactly one free list.
#include "memory/block_pool.h"

#include "memory/poison.h"

#include <algorithm>
#include <array>
#include <sys/mman.h>

namespace inko {
namespace {

constexpr std::size_t region_size = 4 * 1024 * 1024;

// Blocks the thread released lately, handed out again first: a worker that
// finishes a process and starts the next (skynet runs a million of them,
// each with a heap of one or two blocks) then never takes the pool's mutex,
// which both workers otherwise fight over. Small, so the pool's warm bound
// still describes nearly all idle blocks; given back when the thread ends.
struct ThreadBlockCache {
  static constexpr std::size_t capacity = 16;
  std::array<void*, capacity> blocks{};
  std::size_t count = 0;

  ~ThreadBlockCache() {
    while (count > 0)
      block_pool().release_shared(blocks[--count]);
  }
};

thread_local ThreadBlockCache thread_cache;

} // namespace

BlockPool& block_pool() {
  // Never destroyed: blocks may be released by threads still running when
  // static destructors would run.
  static BlockPool* pool = [] {
    auto* shared = new BlockPool();
    shared->thread_cached_ = true;
    return shared;
  }();
  return *pool;
}

BlockPool::BlockPool(std::size_t warm_bound, std::size_t dirty_batch)
    : free_(warm_bound, dirty_batch) {}

bool BlockPool::map_region() {
  // Over-allocate by one block so the blocks can be aligned to their size;
  // the unaligned head and tail go back at once.
  std::size_t size = region_size + heap_block_size;
  void* memory = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED)
    return false;
  auto start = reinterpret_cast<std::uintptr_t>(memory);
  std::uintptr_t aligned = (start + heap_block_size - 1) & ~(heap_block_size - 1);
  if (aligned > start)
    munmap(memory, aligned - start);
  std::uintptr_t end = start + size;
  if (end > aligned + region_size)
    munmap(reinterpret_cast<void*>(aligned + region_size), end - aligned - region_size);
  mapped_bytes_ += region_size;
  // Hand out low addresses first.
  for (std::size_t i = region_size / heap_block_size; i > 0; --i)
    free_.cold.push_back(reinterpret_cast<void*>(aligned + (i - 1) * heap_block_size));
  return true;
}

void* BlockPool::acquire() {
  if (thread_cached_ && thread_cache.count > 0)
    return thread_cache.blocks[--thread_cache.count];
  std::lock_guard lock(mutex_);
  std::vector<void*>& list = free_.next_to_hand_out();
  if (list.empty() && !map_region())
    return nullptr;
  void* block = list.back();
  list.pop_back();
  return block;
}

void BlockPool::release(void* block) {
  if (thread_cached_ && thread_cache.count < ThreadBlockCache::capacity) {
    unpoison(block, heap_block_size);
    thread_cache.blocks[thread_cache.count++] = block;
    return;
  }
  release_shared(block);
}

void BlockPool::release_shared(void* block) {
  unpoison(block, heap_block_size);
  free_.release(mutex_, block, return_pages);
}

void BlockPool::return_pages(std::vector<void*>& blocks) {
  std::sort(blocks.begin(), blocks.end());
  std::size_t i = 0;
  while (i < blocks.size()) {
    auto* low = static_cast<char*>(blocks[i]);
    std::size_t j = i + 1;
    while (j < blocks.size() && blocks[j] == low + (j - i) * heap_block_size)
      ++j;
    madvise(low, (j - i) * heap_block_size, MADV_DONTNEED);
    i = j;
  }
}

std::size_t BlockPool::warm_count() {
  std::lock_guard lock(mutex_);
  return free_.warm.size();
}

std::size_t BlockPool::mapped_bytes() {
  std::lock_guard lock(mutex_);
  return mapped_bytes_;
}

void BlockPool::trim() {
  std::vector<void*> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(free_.warm);
    batch.insert(batch.end(), free_.dirty.begin(), free_.dirty.end());
    free_.dirty.clear();
  }
  free_.make_cold(mutex_, batch, return_pages);
}

} // namespace inko
