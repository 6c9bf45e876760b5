// Unit tests of the stack pool: distinct stacks, reuse, the warm bound and
// overflow address recognition, and the per-worker cache in front of it.
#include "stack/stack_cache.h"
#include "stack/stack_pool.h"

#include <cstring>
#include <doctest/doctest.h>
#include <set>
#include <vector>

namespace inko {
namespace {

TEST_CASE("stacks are distinct, page aligned, writable and reused") {
  StackPool pool(64 * 1024, 4, 16, 8);
  std::set<char*> lows;
  std::vector<Stack> stacks;
  for (int i = 0; i < 40; ++i) { // spans three regions
    Stack stack = pool.acquire();
    REQUIRE(stack.low != nullptr);
    CHECK(stack.size == 64 * 1024);
    CHECK(reinterpret_cast<std::uintptr_t>(stack.low) % page_size() == 0);
    stack.high()[-1] = 1;
    lows.insert(stack.low);
    stacks.push_back(stack);
  }
  CHECK(lows.size() == 40);
  for (Stack stack : stacks)
    pool.release(stack);
  pool.return_dirty_pages();
  CHECK(pool.warm_count() == 4); // the rest went back to the kernel
  CHECK(pool.cold_count() == 48 - 4);
  Stack again = pool.acquire();
  CHECK(lows.count(again.low) == 1);
  pool.release(again);
}

TEST_CASE("released stacks beyond the warm bound lose their pages") {
  StackPool pool(64 * 1024, 0, 4, 1);
  Stack stack = pool.acquire();
  std::memset(stack.low, 0xab, stack.size);
  pool.release(stack);
  Stack reused = pool.acquire();
  CHECK(reused.low == stack.low);
  CHECK(reused.low[0] == 0); // MADV_DONTNEED: fresh zero pages
  CHECK(reused.high()[-1] == 0);
  pool.release(reused);
}

TEST_CASE("a batch of scattered stacks larger than one vectored call loses all its pages") {
  // 256 non-adjacent 8 MiB stacks: 256 ranges, 2 GiB, more than the kernel
  // takes in one process_madvise call.
  constexpr std::size_t count = 512;
  StackPool pool(8 * 1024 * 1024, 0, count, count / 2);
  std::vector<Stack> stacks;
  for (std::size_t i = 0; i < count; ++i) {
    stacks.push_back(pool.acquire());
    stacks.back().low[0] = 1;
    stacks.back().high()[-1] = 1;
  }
  for (std::size_t i = 0; i < count; i += 2)
    pool.release(stacks[i]);
  CHECK(pool.cold_count() == count / 2);
  std::size_t dirty_left = 0;
  for (std::size_t i = 0; i < count; i += 2)
    dirty_left += stacks[i].low[0] + stacks[i].high()[-1];
  CHECK(dirty_left == 0);
  CHECK(stacks[1].low[0] == 1); // in use: untouched
  for (std::size_t i = 1; i < count; i += 2)
    pool.release(stacks[i]);
}

TEST_CASE("faults in a region guard or a stack's reserve are overflows") {
  StackPool pool(64 * 1024, 4, 4);
  Stack stack = pool.acquire();
  CHECK(pool.is_overflow_address(stack.low + 100, 8192));
  CHECK_FALSE(pool.is_overflow_address(stack.low + 9000, 8192));
  CHECK_FALSE(pool.is_overflow_address(stack.high() - 8, 8192));
  int local = 0;
  CHECK_FALSE(pool.is_overflow_address(&local, 8192));
  pool.release(stack);
}

TEST_CASE("a worker's stack cache reuses the latest stack and overflows into the pool") {
  StackPool pool(64 * 1024, 0, 8, 1);
  StackCache cache(2);
  Stack a = cache.acquire(pool);
  Stack b = cache.acquire(pool);
  Stack c = cache.acquire(pool);
  a.high()[-1] = 7;
  cache.release(pool, a);
  cache.release(pool, b);
  cache.release(pool, c); // beyond the bound: back to the pool, pages returned
  CHECK(cache.size() == 2);
  CHECK(pool.cold_count() == 8 - 2);
  Stack again = cache.acquire(pool);
  CHECK(again.low == b.low);
  again = cache.acquire(pool);
  CHECK(again.low == a.low);
  CHECK(again.high()[-1] == 7); // kept its pages
  cache.release(pool, again);
  cache.drain(pool);
  CHECK(cache.size() == 0);
}

} // namespace
} // namespace inko
