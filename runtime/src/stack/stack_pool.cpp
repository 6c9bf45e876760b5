// Region carving and the warm/cold free lists of process stacks.
// Invariants: every Stack handed out lies in exactly one region and is
// either in use by one process or on exactly one free list.
#include "stack/stack_pool.h"

#include "context/sanitizers.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
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
    : stack_size_(round_to_pages(stack_size < 16384 ? 16384 : stack_size)),
      stacks_per_region_(stacks_per_region), free_(warm_bound, dirty_batch) {}

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
  free_.cold.reserve(free_.cold.size() + stacks_per_region_);
  for (std::size_t i = 0; i < stacks_per_region_; ++i)
    free_.cold.push_back(Stack{low + page_size() + i * stack_size_, stack_size_});
  return true;
}

Stack StackPool::acquire() {
  std::lock_guard lock(mutex_);
  std::vector<Stack>& list = free_.next_to_hand_out();
  if (list.empty() && !map_region())
    return Stack{};
  Stack stack = list.back();
  list.pop_back();
  return stack;
}

void StackPool::forget_frames(Stack stack) {
  asan_forget_stack(stack);
}

void StackPool::release(Stack stack) {
  forget_frames(stack);
  free_.release(mutex_, stack, return_pages);
}

namespace {

// A pidfd for this process, or -1 where the kernel has no pidfd_open.
int own_pidfd() {
  static const int fd = static_cast<int>(syscall(SYS_pidfd_open, getpid(), 0));
  return fd;
}

// Set once process_madvise refused MADV_DONTNEED (kernels before 6.13 only
// accept a few advices, never this one); madvise per range from then on.
std::atomic<bool> vectored_unsupported{false};

// MADV_DONTNEED for up to IOV_MAX ranges in one system call: since Linux
// 6.16 the kernel flushes the TLB once for the whole vector, where one
// madvise per range costs a shootdown IPI to every thread each. Released
// stacks are rarely neighbours (workers take stacks in interleaved order),
// so a batch of 1024 stacks made ~250 madvise calls.
bool discard_vectored(const iovec* ranges, std::size_t count) {
  if (vectored_unsupported.load(std::memory_order_relaxed) || own_pidfd() < 0)
    return false;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < count; ++i)
    bytes += ranges[i].iov_len;
  long done = syscall(SYS_process_madvise, own_pidfd(), ranges, count, MADV_DONTNEED, 0);
  if (done < 0 && (errno == EINVAL || errno == ENOSYS || errno == EPERM || errno == EBADF))
    vectored_unsupported.store(true, std::memory_order_relaxed);
  return done == static_cast<long>(bytes);
}

} // namespace

// Adjacent stacks become one range; the ranges go to the kernel IOV_MAX at
// a time and at most 1 GiB per call (the kernel silently stops a vector at
// 2 GiB); a range a short vectored call missed gets its own madvise.
void StackPool::return_pages(std::vector<Stack>& stacks) {
  std::sort(stacks.begin(), stacks.end(),
            [](const Stack& a, const Stack& b) { return a.low < b.low; });
  constexpr std::size_t max_ranges = 1024; // IOV_MAX on Linux
  constexpr std::size_t max_bytes = std::size_t{1} << 30;
  std::array<iovec, max_ranges> ranges;
  std::size_t count = 0;
  std::size_t bytes = 0;
  auto flush = [&] {
    if (count > 0 && !discard_vectored(ranges.data(), count))
      for (std::size_t k = 0; k < count; ++k)
        madvise(ranges[k].iov_base, ranges[k].iov_len, MADV_DONTNEED);
    count = 0;
    bytes = 0;
  };
  auto add = [&](char* low, char* high) {
    while (low < high) {
      if (count == max_ranges || bytes == max_bytes)
        flush();
      std::size_t size = std::min(static_cast<std::size_t>(high - low), max_bytes - bytes);
      ranges[count++] = iovec{low, size};
      bytes += size;
      low += size;
    }
  };
  std::size_t i = 0;
  while (i < stacks.size()) {
    char* low = stacks[i].low;
    char* high = stacks[i].high();
    std::size_t j = i + 1;
    while (j < stacks.size() && stacks[j].low == high) {
      high = stacks[j].high();
      ++j;
    }
    add(low, high);
    i = j;
  }
  flush();
}

std::size_t StackPool::warm_count() {
  std::lock_guard lock(mutex_);
  return free_.warm.size();
}

std::size_t StackPool::cold_count() {
  std::lock_guard lock(mutex_);
  return free_.cold.size();
}

void StackPool::return_dirty_pages() {
  std::vector<Stack> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(free_.dirty);
  }
  free_.make_cold(mutex_, batch, return_pages);
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
