// Process stacks: carved from large MAP_NORESERVE regions, pooled and reused.
//
// A million processes must fit under the kernel's default limit of 65,530
// mappings, so stacks get no guard page of their own: each region has one
// PROT_NONE page below its lowest stack, and overflow within a region is
// caught by the stack-limit check generated code does (abi.h). Physical
// memory is used only for pages a process touched; a released stack keeps
// its pages while the pool holds few warm stacks; beyond that bound the
// pages go back to the kernel (MADV_DONTNEED) in batches, one call per run
// of adjacent stacks.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include "context/context.h"
#include "memory/page_free_lists.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <vector>

namespace inko {

class StackPool {
public:
  // `stack_size` is rounded up to whole pages.
  explicit StackPool(std::size_t stack_size, std::size_t warm_bound = 256,
                     std::size_t stacks_per_region = 1024, std::size_t dirty_batch = 1024);
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;
  // Regions are never unmapped: processes may still run on them at exit.
  ~StackPool() = default;

  // Returns nullptr-low stack only when the address space is exhausted.
  Stack acquire();
  void release(Stack stack);
  // What release does to a stack that is kept elsewhere for reuse (a
  // worker's StackCache): drops the sanitizer state of its dead frames.
  static void forget_frames(Stack stack);

  std::size_t stack_size() const { return stack_size_; }
  std::size_t warm_count();
  std::size_t cold_count();
  // Gives the pages of released stacks beyond the warm bound back now
  // rather than when a full batch has collected.
  void return_dirty_pages();
  // Whether `address` lies in a region's guard page or in the lowest
  // `reserve` bytes of one of this pool's stacks (a stack overflow).
  bool is_overflow_address(const void* address, std::size_t reserve);

private:
  bool map_region();
  static void return_pages(std::vector<Stack>& stacks);

  const std::size_t stack_size_;
  const std::size_t stacks_per_region_;
  std::mutex mutex_;
  PageFreeLists<Stack> free_;
  struct Region {
    char* low; // the guard page; stacks follow it
    std::size_t size;
  };
  // Fixed capacity so the SIGSEGV handler can read it without a lock:
  // entries below region_count_ never change once published.
  static constexpr std::size_t max_regions = 8192;
  std::array<Region, max_regions> regions_{};
  std::atomic<std::size_t> region_count_{0};
};

// A stack with a guard page of its own, for the main process (which may
// recurse deeply, like an ordinary C program on its main thread).
Stack map_dedicated_stack(std::size_t size);
void unmap_dedicated_stack(Stack stack);
std::size_t page_size();

} // namespace inko
