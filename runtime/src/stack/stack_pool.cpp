// Region carving and the warm/cold free lists of process stacks.
// Invariants: every Stack handed out lies in exactly one region and is
// either in use by one process or on exactly one free list.
#include "stack/stack_pool.h"

#include "context/sanitizers.h"

#include <algorithm>
#include <sys/mman.h>
#include <unistd.h>

namespace inko {

std::size_t page_size() {
  static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

namespace {

std::size_t round_to_pages(std::size_t bytes) {
  std::size_t page = page_size();
  return (bytes + page - 1) / page * page;
}

} // namespace

StackPool::StackPool(std::size_t stack_size, std::size_t warm_bound, std::size_t stacks_per_region,
                     std::size_t dirty_batch)
    : stack_size_(round_to_pages(stack_size < 16384 ? 16384 : stack_size)), warm_bound_(warm_bound),
      stacks_per_region_(stacks_per_region), dirty_batch_(dirty_batch == 0 ? 1 : dirty_batch) {}

bool StackPool::map_region() {
  std::size_t count = region_count_.load(std::memory_order_relaxed);
  if (count == max_regions)
    return false;
  std::size_t size = page_size() + stack_size_ * stacks_per_region_;
  void* memory = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED)
    return false;
  auto* low = static_cast<char*>(memory);
  mprotect(low, page_size(), PROT_NONE);
  regions_[count] = Region{low, size};
  region_count_.store(count + 1, std::memory_order_release);
  // Hand out low addresses last so that the first stacks used are adjacent
  // at the top of the region (fewer page-table pages per warm stack).
  cold_.reserve(cold_.size() + stacks_per_region_);
  for (std::size_t i = 0; i < stacks_per_region_; ++i)
    cold_.push_back(Stack{low + page_size() + i * stack_size_, stack_size_});
  return true;
}

Stack StackPool::acquire() {
  std::lock_guard lock(mutex_);
  if (!warm_.empty()) {
    Stack stack = warm_.back();
    warm_.pop_back();
    return stack;
  }
  // Dirty stacks are as good as warm ones to reuse (their pages are even
  // still resident); reusing them first spares the madvise.
  if (!dirty_.empty()) {
    Stack stack = dirty_.back();
    dirty_.pop_back();
    return stack;
  }
  if (cold_.empty() && !map_region())
    return Stack{};
  Stack stack = cold_.back();
  cold_.pop_back();
  return stack;
}

void StackPool::forget_frames(Stack stack) {
  asan_forget_stack(stack);
}

void StackPool::release(Stack stack) {
  forget_frames(stack);
  std::vector<Stack> batch;
  {
    std::lock_guard lock(mutex_);
    if (warm_.size() < warm_bound_) {
      warm_.push_back(stack);
      return;
    }
    dirty_.push_back(stack);
    if (dirty_.size() < dirty_batch_)
      return;
    batch.swap(dirty_);
  }
  return_pages(batch);
  std::lock_guard lock(mutex_);
  cold_.insert(cold_.end(), batch.begin(), batch.end());
}

// One madvise per run of adjacent stacks: each call costs a TLB shootdown
// on every thread, and stacks released together are often neighbours.
void StackPool::return_pages(std::vector<Stack>& stacks) {
  std::sort(stacks.begin(), stacks.end(),
            [](const Stack& a, const Stack& b) { return a.low < b.low; });
  std::size_t i = 0;
  while (i < stacks.size()) {
    char* low = stacks[i].low;
    char* high = stacks[i].high();
    std::size_t j = i + 1;
    while (j < stacks.size() && stacks[j].low == high) {
      high = stacks[j].high();
      ++j;
    }
    madvise(low, static_cast<std::size_t>(high - low), MADV_DONTNEED);
    i = j;
  }
}

std::size_t StackPool::warm_count() {
  std::lock_guard lock(mutex_);
  return warm_.size();
}

std::size_t StackPool::cold_count() {
  std::lock_guard lock(mutex_);
  return cold_.size();
}

void StackPool::return_dirty_pages() {
  std::vector<Stack> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(dirty_);
  }
  return_pages(batch);
  std::lock_guard lock(mutex_);
  cold_.insert(cold_.end(), batch.begin(), batch.end());
}

bool StackPool::is_overflow_address(const void* address, std::size_t reserve) {
  // Called from the SIGSEGV handler: no allocation and no lock.
  auto* a = static_cast<const char*>(address);
  std::size_t count = region_count_.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < count; ++i) {
    const Region& region = regions_[i];
    if (a < region.low || a >= region.low + region.size)
      continue;
    if (a < region.low + page_size())
      return true;
    std::size_t offset = static_cast<std::size_t>(a - region.low - page_size()) % stack_size_;
    return offset < reserve;
  }
  return false;
}

Stack map_dedicated_stack(std::size_t size) {
  size = round_to_pages(size);
  void* memory = mmap(nullptr, size + page_size(), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (memory == MAP_FAILED)
    return Stack{};
  auto* low = static_cast<char*>(memory);
  mprotect(low, page_size(), PROT_NONE);
  return Stack{low + page_size(), size};
}

void unmap_dedicated_stack(Stack stack) {
  asan_forget_stack(stack);
  munmap(stack.low - page_size(), stack.size + page_size());
}

} // namespace inko
