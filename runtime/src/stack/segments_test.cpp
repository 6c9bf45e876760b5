// Unit tests of growable stacks: the chain's bookkeeping (grow, leave, the
// spare segment, release at the end), and C++ "Inko functions" that recurse
// across many segments: results, arguments passed on the stack, the
// collector scanning older segments, and stack walks across segments.
#include "memory/test_objects.h"
#include "stack/segments.h"
#include "stack/stack_pool.h"

#include <cstdint>
#include <ctime>
#include <doctest/doctest.h>

namespace inko {
namespace {

using namespace inko::testing;

// A process record that never runs: only its stack fields are used.
struct IdleProcess {
  StackPool first_pool{64 * 1024, 8, 4, 8};
  StackPool segment_pool{256 * 1024, 8, 4, 8};
  InkoProcess process;
  Stack first;

  IdleProcess() {
    first = first_pool.acquire();
    prepare_process_stack(&process, first, [](void*) {});
  }
  ~IdleProcess() { context_release(process.context); }
  SegmentLink* grow(std::size_t cap = 64 * 1024 * 1024, std::uint64_t arguments = 2) {
    return grow_stack(&process, SegmentSource{segment_pool, cap}, nullptr, arguments);
  }
  std::size_t bytes_in_use() { return link_of(process.context.stack)->bytes_in_use; }
};

TEST_CASE("growing moves the process onto a segment whose link leads back") {
  IdleProcess idle;
  InkoProcess& process = idle.process;
  std::uintptr_t first_limit = process.stack_limit;
  process.hot.unwind_target = 42;
  CHECK(idle.bytes_in_use() == 64 * 1024);
  SegmentLink* link = idle.grow(64 * 1024 * 1024, register_arguments + 3);
  REQUIRE(link != nullptr);
  CHECK(link == link_of(process.context.stack));
  CHECK(reinterpret_cast<char*>(link + 1) <= process.context.stack.high());
  CHECK(reinterpret_cast<std::uintptr_t>(link) % 16 == 0);
  CHECK(link->stack_words == 3);
  CHECK(link->caller.low == idle.first.low);
  CHECK(link->caller_link == link_of(idle.first));
  CHECK(link->caller_limit == first_limit);
  // Handed to the trampoline, which puts the old value back.
  CHECK(process.hot.unwind_target == reinterpret_cast<std::uint64_t>(link));
  CHECK(link->saved_unwind_target == 42);
  CHECK(process.stack_limit ==
        reinterpret_cast<std::uintptr_t>(process.context.stack.low) + INKO_STACK_RESERVE);
  CHECK(process.hot.stack_limit == process.stack_limit);
  CHECK(idle.bytes_in_use() == 64 * 1024 + 256 * 1024);

  Stack second = process.context.stack;
  leave_segment(&process, idle.segment_pool);
  CHECK(process.context.stack.low == idle.first.low);
  CHECK(process.stack_limit == first_limit);
  CHECK(link_of(idle.first)->spare == second.low); // kept for the next growth
  CHECK(idle.bytes_in_use() == 64 * 1024);
  idle.grow();
  CHECK(process.context.stack.low == second.low);
  CHECK(link_of(idle.first)->spare == nullptr);
  release_segments(&process, idle.segment_pool);
}

TEST_CASE("a pending preemption request survives a segment switch") {
  IdleProcess idle;
  InkoProcess& process = idle.process;
  process.hot.stack_limit = UINTPTR_MAX;
  idle.grow();
  CHECK(process.hot.stack_limit == UINTPTR_MAX);
  CHECK(process.stack_limit != UINTPTR_MAX);
  release_segments(&process, idle.segment_pool);
}

TEST_CASE("growth stops at the cap; release gives every segment back") {
  IdleProcess idle;
  InkoProcess& process = idle.process;
  std::size_t cap = 64 * 1024 + 3 * 256 * 1024;
  CHECK(idle.grow(cap) != nullptr);
  CHECK(idle.grow(cap) != nullptr);
  CHECK(idle.grow(cap) != nullptr);
  CHECK(idle.grow(cap) == nullptr);
  CHECK(idle.bytes_in_use() == cap);
  leave_segment(&process, idle.segment_pool); // one becomes the spare
  std::size_t warm = idle.segment_pool.warm_count();
  release_segments(&process, idle.segment_pool);
  CHECK(idle.segment_pool.warm_count() == warm + 3);
  CHECK(process.context.stack.low == idle.first.low);
  CHECK(link_of(idle.first)->spare == nullptr);
  CHECK(idle.bytes_in_use() == 64 * 1024);
}

TEST_CASE("leaving a segment keeps one spare per process") {
  IdleProcess idle;
  InkoProcess& process = idle.process;
  idle.grow();
  idle.grow();
  leave_segment(&process, idle.segment_pool);
  std::size_t warm = idle.segment_pool.warm_count();
  leave_segment(&process, idle.segment_pool); // the deeper spare goes back
  CHECK(idle.segment_pool.warm_count() == warm + 1);
  CHECK(link_of(idle.first)->spare != nullptr);
  release_segments(&process, idle.segment_pool);
  CHECK(idle.segment_pool.warm_count() == warm + 2);
}

TEST_CASE("dropping the spare gives it back and the next growth takes a pooled one") {
  IdleProcess idle;
  InkoProcess& process = idle.process;
  idle.grow();
  leave_segment(&process, idle.segment_pool);
  REQUIRE(link_of(idle.first)->spare != nullptr);
  std::size_t warm = idle.segment_pool.warm_count();
  drop_spare_segment(&process, idle.segment_pool);
  CHECK(link_of(idle.first)->spare == nullptr);
  CHECK(idle.segment_pool.warm_count() == warm + 1);
  CHECK(process.context.stack.low == idle.first.low);
  CHECK(idle.bytes_in_use() == 64 * 1024);
  drop_spare_segment(&process, idle.segment_pool); // nothing left to drop
  CHECK(idle.segment_pool.warm_count() == warm + 1);
  CHECK(idle.grow() != nullptr);
  CHECK(idle.segment_pool.warm_count() == warm);
  release_segments(&process, idle.segment_pool);
}

// Segments seen by the recursions below, innermost call's.
Stack deepest_segment;

// An "Inko function": the entry check, then 128 bytes of frame.
[[gnu::noinline]] std::uint64_t recurse(InkoProcess* process, std::uint64_t depth) {
  if (entry_check_grows(process, reinterpret_cast<void*>(&recurse), 2))
    return call_on_new_segment(&recurse, process, depth);
  volatile char frame[128];
  frame[0] = 1;
  if (depth == 0) {
    deepest_segment = process->context.stack;
    return 0;
  }
  return recurse(process, depth - 1) + static_cast<std::uint64_t>(frame[0]);
}

// More arguments than registers on both architectures.
[[gnu::noinline]] std::uint64_t recurse_wide(InkoProcess* process, std::uint64_t depth,
                                             std::uint64_t a, std::uint64_t b, std::uint64_t c,
                                             std::uint64_t d, std::uint64_t e, std::uint64_t f,
                                             std::uint64_t g, std::uint64_t h, std::uint64_t i) {
  if (entry_check_grows(process, reinterpret_cast<void*>(&recurse_wide), 11))
    return call_on_new_segment(&recurse_wide, process, depth, a, b, c, d, e, f, g, h, i);
  if (depth == 0 && process->hot.unwind_target != 12345)
    return 0; // the trampoline must restore what inko_process_poll_entry borrowed
  if (depth == 0)
    return a + b * 10 + c * 100 + d * 1000 + e * 10000 + f * 100000 + g * 1000000 + h * 10000000 +
           i * 100000000;
  return recurse_wide(process, depth - 1, a, b, c, d, e, f, g, h, i + 1) + 0 * depth;
}

Config small_main_stack() {
  Config config = test_config(1);
  config.main_stack_size = 64 * 1024;
  return config;
}

TEST_CASE("a recursion 100,000 deep grows the stack and shrinks it when it returns") {
  run_main(small_main_stack(), [](InkoProcess* process) {
    Stack first = process->context.stack;
    std::uint64_t depth = recursion_limit(100000);
    CHECK(recurse(process, depth) == depth);
    CHECK(process->context.stack.low == first.low);
    CHECK(link_of(first)->bytes_in_use == first.size);
    CHECK(link_of(first)->spare != nullptr);
    CHECK(deepest_segment.low != first.low);
  });
}

TEST_CASE("a spawned process grows its stack too; the spare is reused at the boundary") {
  run_main(test_config(1), [](InkoProcess* main) {
    InkoProcess* child = inko_process_spawn(
        main,
        [](InkoProcess* self, InkoValue parent) {
          std::uint64_t first = recurse(self, 20000);
          Stack segment = deepest_segment;
          std::uint64_t second = recurse(self, 20000);
          bool same = deepest_segment.low == segment.low;
          inko_process_send(self, value_pointer<InkoProcess>(parent),
                            integer(static_cast<std::int64_t>(first + second + (same ? 1 : 0))));
        },
        pointer_value(main));
    CHECK(integer_of(inko_process_receive(main)) == 40001);
    inko_process_release(child);
  });
}

TEST_CASE("a process that waits for a message gives its spare segment back first") {
  run_main(test_config(1), [](InkoProcess* main) {
    InkoProcess* child = inko_process_spawn(
        main,
        [](InkoProcess* self, InkoValue parent) {
          recurse(self, 20000);
          bool kept = link_of(self->context.stack)->spare != nullptr;
          auto* parent_process = value_pointer<InkoProcess>(parent);
          inko_process_send(self, parent_process, integer(kept ? 1 : 0));
          inko_process_receive(self); // parks: the spare goes back to the pool
          bool dropped = link_of(self->context.stack)->spare == nullptr;
          std::uint64_t again = recurse(self, 20000); // grows from the pool again
          inko_process_send(self, parent_process, integer(dropped && again == 20000 ? 1 : 0));
        },
        pointer_value(main));
    CHECK(integer_of(inko_process_receive(main)) == 1);
    inko_process_send(main, child, integer(0));
    CHECK(integer_of(inko_process_receive(main)) == 1);
    inko_process_release(child);
  });
}

TEST_CASE("arguments passed on the stack reach the call on the new segment") {
  run_main(small_main_stack(), [](InkoProcess* process) {
    process->hot.unwind_target = 12345;
    CHECK(recurse_wide(process, 5000, 1, 2, 3, 4, 5, 6, 7, 8, 0) ==
          1 + 20 + 300 + 4000 + 50000 + 600000 + 7000000 + 80000000 + 5000ull * 100000000);
  });
}

// Every level keeps a counted object only in its frame; the deepest one
// collects, so objects held by frames on older segments must survive.
[[gnu::noinline]] std::uint64_t recurse_holding(InkoProcess* process, std::uint64_t depth) {
  if (entry_check_grows(process, reinterpret_cast<void*>(&recurse_holding), 2))
    return call_on_new_segment(&recurse_holding, process, depth);
  volatile InkoValue mine = counted(process);
  if (depth == 0) {
    for (int i = 0; i < 1000; ++i)
      counted(process); // garbage, to show that the collection ran
    collect(process);
    return 0;
  }
  std::uint64_t alive = recurse_holding(process, depth - 1);
  return alive + (in_heap(process, mine) ? 1 : 0);
}

TEST_CASE("a collection deep in the recursion scans every segment in use") {
  CountedKind kind;
  run_main(small_main_stack(), [](InkoProcess* process) {
    heap(process).set_threshold(Heap::default_threshold);
    std::uint64_t depth = recursion_limit(50000);
    CHECK(recurse_holding(process, depth) == depth);
    CHECK(finalised_objects.load() >= 900);
  });
}

std::uint64_t frames_at_bottom = 0;

[[gnu::noinline]] std::uint64_t recurse_counting(InkoProcess* process, std::uint64_t depth) {
  if (entry_check_grows(process, reinterpret_cast<void*>(&recurse_counting), 2))
    return call_on_new_segment(&recurse_counting, process, depth);
  volatile char frame[64];
  frame[0] = 0;
  if (depth == 0) {
    frames_at_bottom = inko_process_call_frames(process, 0, nullptr, 0);
    return 0;
  }
  return recurse_counting(process, depth - 1) + static_cast<std::uint64_t>(frame[0]);
}

TEST_CASE("stack walks cross segments and show each activation once") {
  run_main(small_main_stack(), [](InkoProcess* process) {
    recurse_counting(process, 10);
    std::uint64_t shallow = frames_at_bottom;
    recurse_counting(process, 30000);
    CHECK(frames_at_bottom - shallow == 30000 - 10);
  });
}

} // namespace
} // namespace inko

namespace inko {
namespace {

// Calls that cross a segment boundary each time against the same calls on
// one big stack: the price of a crossing with the spare in place.
TEST_CASE("figures: a call across a segment boundary") {
  constexpr int calls = 20000;
  constexpr std::uint64_t depth = 400; // > 32 KiB of 128-byte frames
  // CPU time of the thread (one worker runs the main process): the
  // machine may be busy.
  auto thread_ns = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
  };
  auto time_calls = [&](InkoProcess* process) {
    double start = thread_ns();
    for (int i = 0; i < calls; ++i)
      recurse(process, depth);
    return (thread_ns() - start) / calls;
  };
  double crossing = 0, flat = 0;
  run_main(small_main_stack(), [&](InkoProcess* process) {
    crossing = time_calls(process);
    CHECK(deepest_segment.low != process->context.stack.low);
  });
  run_main(test_config(1), [&](InkoProcess* process) {
    flat = time_calls(process);
    CHECK(deepest_segment.low == process->context.stack.low);
  });
  MESSAGE(depth << " frames: " << flat << " ns on one stack, " << crossing
                << " ns crossing into the spare segment");
}

} // namespace
} // namespace inko
