// Stress tests with bounded run time: many waiting processes, many
// producers to one consumer, many concurrent timeouts. The "stress" suite
// runs the full sizes (ctest -C stress -L stress); the default run uses
// smaller sizes of the same code.
#include "process/process.h"
#include "stack/stack_pool.h"
#include "testing/harness.h"
#include "testing/resident.h"
#include "timer/timer_heap.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <doctest/doctest.h>
#include <vector>

namespace inko {
namespace {

using namespace inko::testing;

struct SpawnShared {
  InkoProcess* main;
  std::atomic<std::int64_t> waiting{0};
};

// Each process announces itself, waits for one message and acknowledges it.
void wait_once(InkoProcess* self, InkoValue argument) {
  auto* shared = value_pointer<SpawnShared>(argument);
  shared->waiting.fetch_add(1, std::memory_order_relaxed);
  InkoValue message = inko_process_receive(self);
  inko_process_send(self, shared->main, message);
  inko_process_release(shared->main); // retained for this process at spawn
}

void many_waiting_processes(std::int64_t count) {
  count = live_process_limit(count);
  double milliseconds = 0;
  double bytes_per_process = 0;
  std::int64_t sum = 0;
  run_main(test_config(2), [&](InkoProcess* main) {
    SpawnShared shared{main};
    std::vector<InkoProcess*> children(static_cast<std::size_t>(count));
    std::size_t before = resident_bytes();
    std::uint64_t start = monotonic_now_ns();
    // Children send to main, which may finish once the last reply arrives:
    // each holds a reference to it until its send returns.
    for (std::int64_t i = 0; i < count; ++i) {
      inko_process_retain(main);
      children[i] = inko_process_spawn(main, &wait_once, pointer_value(&shared));
    }
    while (shared.waiting.load() < count)
      inko_process_suspend(main, 1);
    inko_process_suspend(main, 5); // the last ones reach their receive
    bytes_per_process = static_cast<double>(resident_bytes() - before) / count;
    for (std::int64_t i = 0; i < count; ++i) {
      inko_process_send(main, children[i], integer(i));
      inko_process_release(children[i]);
    }
    for (std::int64_t i = 0; i < count; ++i)
      sum += integer_of(inko_process_receive(main));
    milliseconds = static_cast<double>(monotonic_now_ns() - start) / 1e6;
  });
  MESSAGE(count << " waiting processes: " << milliseconds << " ms, " << bytes_per_process
                << " bytes of RSS per waiting process");
  CHECK(sum == count * (count - 1) / 2);
#if !defined(INKO_TSAN) && !defined(INKO_ASAN)
  // One touched stack page plus the record (4.5 KB with 4 KiB pages). Under
  // an emulator (tools/test-aarch64) RSS includes the emulator's own books.
  if (std::getenv("INKO_TEST_EMULATED") == nullptr)
    CHECK(bytes_per_process <= static_cast<double>(page_size()) + 512);
#endif
}

void many_producers(int producers, std::int64_t messages) {
  double milliseconds = 0;
  std::int64_t received = 0;
  bool in_order = true;
  run_main(test_config(2), [&](InkoProcess* main) {
    struct Setup {
      InkoProcess* consumer;
      std::int64_t messages;
      std::int64_t producer;
    };
    std::vector<Setup> setups(producers);
    std::uint64_t start = monotonic_now_ns();
    for (int p = 0; p < producers; ++p) {
      setups[p] = Setup{main, messages, p};
      inko_process_retain(main); // released by the producer after its last send
      inko_process_release(inko_process_spawn(
          main,
          [](InkoProcess* self, InkoValue argument) {
            auto* setup = value_pointer<Setup>(argument);
            for (std::int64_t i = 0; i < setup->messages; ++i) {
              entry_check(self);
              inko_process_send(self, setup->consumer, integer(setup->producer << 32 | i));
            }
            inko_process_release(setup->consumer);
          },
          pointer_value(&setups[p])));
    }
    std::vector<std::int64_t> next(producers, 0);
    std::int64_t total = producers * messages;
    for (std::int64_t i = 0; i < total; ++i) {
      std::int64_t value = integer_of(inko_process_receive(main));
      std::int64_t producer = value >> 32;
      in_order = in_order && (value & 0xffffffff) == next[producer];
      next[producer] += 1;
      ++received;
    }
    CHECK(inko_process_receive_timeout(main, 10) == INKO_RECEIVE_TIMED_OUT);
    milliseconds = static_cast<double>(monotonic_now_ns() - start) / 1e6;
  });
  MESSAGE(producers << " producers x " << messages << " messages: " << milliseconds << " ms");
  CHECK(received == producers * messages);
  CHECK(in_order);
}

void many_timeouts(std::int64_t count) {
  count = live_process_limit(count);
  double milliseconds = 0;
  std::int64_t timed_out = 0;
  run_main(test_config(2), [&](InkoProcess* main) {
    std::uint64_t start = monotonic_now_ns();
    for (std::int64_t i = 0; i < count; ++i) {
      // Each child holds a reference to main until its send returns: main
      // may finish as soon as the last message arrives.
      inko_process_retain(main);
      inko_process_release(inko_process_spawn(
          main,
          [](InkoProcess* self, InkoValue parent) {
            // 10 to 59 ms, so deadlines interleave with spawning.
            double timeout = 10 + static_cast<double>(inko_process_identifier(self) % 50);
            bool expired = inko_process_receive_timeout(self, timeout) == INKO_RECEIVE_TIMED_OUT;
            auto* receiver = value_pointer<InkoProcess>(parent);
            inko_process_send(self, receiver, integer(expired ? 1 : 0));
            inko_process_release(receiver);
          },
          pointer_value(main)));
    }
    for (std::int64_t i = 0; i < count; ++i)
      timed_out += integer_of(inko_process_receive(main));
    milliseconds = static_cast<double>(monotonic_now_ns() - start) / 1e6;
  });
  MESSAGE(count << " concurrent receive timeouts: " << milliseconds << " ms");
  CHECK(timed_out == count);
}

TEST_CASE("100 000 processes each waiting once") {
  many_waiting_processes(100000);
}
TEST_CASE("100 producers x 10 000 messages to one consumer") {
  many_producers(100, 10000);
}
TEST_CASE("10 000 concurrent receive timeouts") {
  many_timeouts(10000);
}

TEST_SUITE("stress") {
  TEST_CASE("1 000 000 processes each waiting once") {
    many_waiting_processes(1000000);
  }
  TEST_CASE("100 producers x 100 000 messages to one consumer") {
    many_producers(100, 100000);
  }
  TEST_CASE("100 000 concurrent receive timeouts") {
    many_timeouts(100000);
  }
}

} // namespace
} // namespace inko
