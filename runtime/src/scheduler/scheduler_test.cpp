// Unit tests of the scheduler through the C API: spawning, message
// hand-off, timeouts, sleeping, fairness with spinners, the blocking pool,
// pinning and program exit.
#include "process/process.h"
#include "scheduler/pool.h"
#include "scheduler/runtime.h"
#include "testing/harness.h"
#include "timer/timer_heap.h"

#include <atomic>
#include <chrono>
#include <doctest/doctest.h>
#include <set>
#include <thread>
#include <time.h>
#include <vector>

namespace inko {
namespace {

using namespace inko::testing;

double elapsed_ms(std::uint64_t since) {
  return static_cast<double>(monotonic_now_ns() - since) / 1e6;
}

TEST_CASE("the main process runs on the calling thread and its end is the exit status 0") {
  std::thread::id caller = std::this_thread::get_id();
  std::thread::id ran_on;
  int status = run_main(test_config(), [&](InkoProcess*) { ran_on = std::this_thread::get_id(); });
  CHECK(status == 0);
  CHECK(ran_on == caller);
}

TEST_CASE("vm exit ends the program with its status from any process") {
  int status = run_main(test_config(), [](InkoProcess* main) {
    InkoProcess* child = inko_process_spawn(
        main, [](InkoProcess* self, InkoValue) { inko_vm_exit(self, 42); }, integer(0));
    inko_process_release(child);
    inko_process_receive(main); // never returns: the child ends the program
    FAIL("receive returned");
  });
  CHECK(status == 42);
}

void echo(InkoProcess* self, InkoValue) {
  auto* reply_to = value_pointer<InkoProcess>(inko_process_receive(self));
  InkoValue message = inko_process_receive(self);
  inko_process_send(self, reply_to, message);
  inko_process_release(reply_to);
}

TEST_CASE("ping-pong between two processes (PROCESSES seed example)") {
  run_main(test_config(), [](InkoProcess* main) {
    InkoProcess* child = inko_process_spawn(main, &echo, integer(0));
    inko_process_retain(main);
    inko_process_send(main, child, pointer_value(main));
    inko_process_send(main, child, integer(7));
    CHECK(integer_of(inko_process_receive(main)) == 7);
    std::uint64_t start = monotonic_now_ns();
    CHECK(inko_process_receive_timeout(main, 50) == INKO_RECEIVE_TIMED_OUT);
    CHECK(elapsed_ms(start) >= 50.0);
    inko_process_release(child);
  });
}

TEST_CASE("messages from one sender arrive in order; identifiers are positive and unique") {
  run_main(test_config(), [](InkoProcess* main) {
    constexpr int children = 50;
    std::vector<InkoProcess*> handles;
    std::set<std::int64_t> identifiers{inko_process_identifier(main)};
    for (int i = 0; i < children; ++i) {
      InkoProcess* child = inko_process_spawn(
          main,
          [](InkoProcess* self, InkoValue) {
            auto* parent = value_pointer<InkoProcess>(inko_process_receive(self));
            for (int n = 0; n < 100; ++n)
              inko_process_send(self, parent, integer(n));
            inko_process_release(parent);
          },
          integer(0));
      CHECK(inko_process_identifier(child) > 0);
      identifiers.insert(inko_process_identifier(child));
      handles.push_back(child);
    }
    CHECK(identifiers.size() == children + 1);
    for (InkoProcess* child : handles) {
      inko_process_retain(main);
      inko_process_send(main, child, pointer_value(main));
    }
    // Interleaving between senders is free, but each sender's order holds:
    // every sender's numbers arrive ascending, so the count of each value
    // seen so far never exceeds the count of its predecessor.
    std::vector<int> seen(100, 0);
    for (int i = 0; i < children * 100; ++i) {
      std::int64_t n = integer_of(inko_process_receive(main));
      seen[n] += 1;
      if (n > 0)
        CHECK(seen[n] <= seen[n - 1]);
    }
    for (InkoProcess* child : handles)
      inko_process_release(child);
  });
}

TEST_CASE("a message to a finished process is dropped") {
  Config config = test_config();
  std::int64_t live_after = -1;
  run_main(config, [&](InkoProcess* main) {
    InkoProcess* child = inko_process_spawn(
        main, [](InkoProcess*, InkoValue) {}, integer(0));
    while (current_runtime().live_processes() > 1)
      inko_process_suspend(main, 1);
    inko_process_send(main, child, integer(1));
    inko_process_release(child);
    live_after = current_runtime().live_processes();
  });
  CHECK(live_after == 1);
}

TEST_CASE("a receive timeout returns nothing; a later message stays queued") {
  run_main(test_config(), [](InkoProcess* main) {
    InkoProcess* child = inko_process_spawn(
        main,
        [](InkoProcess* self, InkoValue) {
          auto* parent = value_pointer<InkoProcess>(inko_process_receive(self));
          inko_process_suspend(self, 30);
          inko_process_send(self, parent, integer(5));
          inko_process_release(parent);
        },
        integer(0));
    inko_process_retain(main);
    inko_process_send(main, child, pointer_value(main));
    CHECK(inko_process_receive_timeout(main, 5) == INKO_RECEIVE_TIMED_OUT);
    CHECK(integer_of(inko_process_receive_timeout(main, 5000)) == 5);
    inko_process_release(child);
  });
}

TEST_CASE("suspend sleeps at least the given milliseconds; 0 yields") {
  run_main(test_config(), [](InkoProcess* main) {
    std::uint64_t start = monotonic_now_ns();
    inko_process_suspend(main, 20);
    double waited = elapsed_ms(start);
    CHECK(waited >= 20.0);
    CHECK(waited < 1000.0);
    inko_process_suspend(main, 0);
    inko_process_suspend(main, 0.5);
  });
}

// A process running Inko code that never waits: every "call" does the entry
// check, as generated code does.
void spin_forever(InkoProcess* self, InkoValue) {
  for (;;)
    entry_check(self);
}

TEST_CASE("spinners never starve a process that waits on a timer, even with more spinners "
          "than threads") {
  std::vector<double> waits;
  run_main(test_config(2), [&](InkoProcess* main) {
    for (int i = 0; i < 4; ++i)
      inko_process_release(inko_process_spawn(main, &spin_forever, integer(0)));
    for (int i = 0; i < 50; ++i) {
      std::uint64_t start = monotonic_now_ns();
      CHECK(inko_process_receive_timeout(main, 1) == INKO_RECEIVE_TIMED_OUT);
      waits.push_back(elapsed_ms(start));
    }
  });
  std::sort(waits.begin(), waits.end());
  MESSAGE("1 ms waits with 4 spinners on 2 threads: median " << waits[waits.size() / 2]
                                                             << " ms, max " << waits.back());
  CHECK(waits.back() < 200.0);
}

std::atomic<bool> bouncing_stops{false};
std::atomic<int> bouncers_done{0};

// One of a pair that hands a ball back and forth (every message wakes the
// other, which then runs next on this thread without a run queue).
void bounce(InkoProcess* self, InkoValue) {
  auto* peer = value_pointer<InkoProcess>(inko_process_receive(self));
  for (;;) {
    InkoValue ball = inko_process_receive(self);
    entry_check(self);
    if (bouncing_stops.load()) {
      // Wake the peer so it stops too, rather than wait forever (a process
      // left blocked at the end is a leak to LeakSanitizer); to a finished
      // peer the ball is dropped.
      inko_process_send(self, peer, ball);
      break;
    }
    inko_process_send(self, peer, ball);
  }
  inko_process_release(peer);
  bouncers_done.fetch_add(1);
}

TEST_CASE("a process yielding while nothing else is runnable keeps its thread") {
  // No idle worker is woken to steal it: that costs a futex call on both
  // sides and, when the thief wins, moves the process, and the memory it
  // works on, to another core at every time slice.
  run_main(test_config(2), [](InkoProcess* main) {
    Pool& pool = current_runtime().primary();
    std::thread::id first = std::this_thread::get_id();
    // Until the other worker has gone to sleep.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::uint64_t wake_ups = pool.wake_ups();
    int moves = 0;
    for (int i = 0; i < 20000; ++i) {
      inko_process_suspend(main, 0);
      if (std::this_thread::get_id() != first) {
        first = std::this_thread::get_id();
        ++moves;
      }
    }
    CHECK(pool.wake_ups() == wake_ups);
    CHECK(moves == 0);
  });
}

std::atomic<bool> consumer_started{false};

void consume_until_stopped(InkoProcess* self, InkoValue) {
  inko_process_receive(self);
  consumer_started = true;
  while (integer_of(inko_process_receive(self)) != 0) {
  }
}

TEST_CASE("a consumer its producer keeps feeding runs on an idle worker, not after the producer") {
  // The first message wakes the consumer into the producer's run-next
  // slot; the producer does not stop to wait, so an idle worker takes the
  // consumer rather than leave it there until the producer's slice ends
  // (a long one here).
  consumer_started = false;
  Config config = test_config(2);
  config.time_slice_ns = 10'000'000'000;
  bool started_while_sending = false;
  run_main(config, [&](InkoProcess* main) {
    InkoProcess* consumer = inko_process_spawn(main, &consume_until_stopped, integer(0));
    // Until the consumer waits for its first message.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    // At most 3,000,000 (72 MB of queued messages), some 100 ms unless
    // under a sanitizer: the consumer starts within microseconds.
    std::uint64_t start = monotonic_now_ns();
    for (int sent = 0; !consumer_started && sent < 3'000'000 && elapsed_ms(start) < 5000; ++sent)
      inko_process_send(main, consumer, integer(1));
    started_while_sending = consumer_started;
    inko_process_send(main, consumer, integer(0));
    inko_process_release(consumer);
  });
  CHECK(started_while_sending);
}

TEST_CASE("a pair handing messages back and forth does not starve its thread's other processes") {
  bouncing_stops = false;
  bouncers_done = 0;
  std::atomic<bool> other_ran{false};
  double sleep_ms = 0;
  run_main(test_config(1), [&](InkoProcess* main) {
    InkoProcess* first = inko_process_spawn(main, &bounce, integer(0));
    InkoProcess* second = inko_process_spawn(main, &bounce, integer(0));
    inko_process_retain(second);
    inko_process_send(main, first, pointer_value(second));
    inko_process_retain(first);
    inko_process_send(main, second, pointer_value(first));
    inko_process_send(main, first, integer(0));
    // A timer wakes the main process into the global queue while the pair
    // bounces.
    std::uint64_t start = monotonic_now_ns();
    inko_process_suspend(main, 5);
    sleep_ms = elapsed_ms(start);
    // A process queued on this thread's own run queue while the pair bounces.
    inko_process_release(inko_process_spawn(
        main,
        [](InkoProcess*, InkoValue flag) { value_pointer<std::atomic<bool>>(flag)->store(true); },
        pointer_value(&other_ran)));
    inko_process_suspend(main, 20);
    bouncing_stops = true;
    inko_process_release(first);
    inko_process_release(second);
    // Both must end before the program does: processes still running when
    // main returns are abandoned (P17), which LeakSanitizer reports.
    while (bouncers_done.load() < 2)
      inko_process_suspend(main, 1);
  });
  CHECK(other_ran.load());
  CHECK(sleep_ms >= 5.0);
  CHECK(sleep_ms < 200.0);
}

TEST_CASE("the blocking pool grows while all its threads are blocked") {
  double elapsed = 0;
  std::size_t threads = 0;
  run_main(test_config(), [&](InkoProcess* main) {
    const int sleepers = static_cast<int>(live_process_limit(1000));
    std::uint64_t start = monotonic_now_ns();
    for (int i = 0; i < sleepers; ++i) {
      inko_process_retain(main);
      inko_process_release(inko_process_spawn(
          main,
          [](InkoProcess* self, InkoValue parent) {
            inko_process_blocking_enter(self);
            timespec duration{0, 10 * 1000 * 1000};
            nanosleep(&duration, nullptr);
            inko_process_blocking_leave(self);
            auto* main_process = value_pointer<InkoProcess>(parent);
            inko_process_send(self, main_process, integer(1));
            inko_process_release(main_process);
          },
          pointer_value(main)));
    }
    for (int i = 0; i < sleepers; ++i)
      inko_process_receive(main);
    elapsed = elapsed_ms(start);
    threads = current_runtime().blocking().thread_count();
  });
  MESSAGE("1000 blocking 10 ms calls: " << elapsed << " ms, blocking pool grew to " << threads
                                        << " threads");
  CHECK(elapsed < 1000.0);
  CHECK(threads > 2);
}

TEST_CASE("a blocking section runs outside the primary pool and returns to it") {
  run_main(test_config(1), [](InkoProcess* main) {
    Pool* before = &main->worker->pool();
    inko_process_blocking_enter(main);
    inko_process_blocking_enter(main); // nested: no move
    Pool* inside = &main->worker->pool();
    inko_process_blocking_leave(main);
    CHECK(&main->worker->pool() == inside);
    inko_process_blocking_leave(main);
    CHECK(before == &current_runtime().primary());
    CHECK(inside == &current_runtime().blocking());
    CHECK(&main->worker->pool() == before);
  });
}

TEST_CASE("a pinned process stays on its thread and the thread runs nothing else") {
  run_main(test_config(2), [](InkoProcess* main) {
    inko_process_pin(main);
    std::thread::id thread = std::this_thread::get_id();
    Worker* worker = main->worker;
    for (int i = 0; i < 20; ++i) {
      inko_process_release(inko_process_spawn(
          main, [](InkoProcess* self, InkoValue) { entry_check(self); }, integer(0)));
      inko_process_suspend(main, i % 2 == 0 ? 0.0 : 1.0);
      CHECK(std::this_thread::get_id() == thread);
      CHECK(main->worker == worker);
    }
    inko_process_blocking_enter(main); // pinned: does not move
    CHECK(main->worker == worker);
    inko_process_blocking_leave(main);
    inko_process_unpin(main);
  });
}

// Pins a process, then echoes one message like `echo`.
void pinned_echo(InkoProcess* self, InkoValue) {
  inko_process_pin(self);
  echo(self, integer(0));
  inko_process_unpin(self);
}

TEST_CASE("pinned processes waiting for messages do not starve the others") {
  // One thread: the pinned main process waits for a reply from a child,
  // which runs on a worker started to replace the pinned one.
  run_main(test_config(1), [](InkoProcess* main) {
    inko_process_pin(main);
    std::thread::id thread = std::this_thread::get_id();
    InkoProcess* child = inko_process_spawn(main, &echo, integer(0));
    inko_process_retain(main);
    inko_process_send(main, child, pointer_value(main));
    inko_process_send(main, child, integer(5));
    CHECK(integer_of(inko_process_receive(main)) == 5);
    CHECK(std::this_thread::get_id() == thread);
    inko_process_release(child);
    inko_process_unpin(main);
    CHECK(current_runtime().primary().thread_count() == 2);
  });
  // Four pinned children waiting at once on two threads.
  run_main(test_config(2), [](InkoProcess* main) {
    std::vector<InkoProcess*> children;
    for (int i = 0; i < 4; ++i)
      children.push_back(inko_process_spawn(main, &pinned_echo, integer(0)));
    inko_process_suspend(main, 5.0); // let them all pin and wait
    for (std::size_t i = 0; i < children.size(); ++i) {
      inko_process_retain(main);
      inko_process_send(main, children[i], pointer_value(main));
      inko_process_send(main, children[i], integer(static_cast<std::int64_t>(i)));
    }
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < children.size(); ++i)
      sum += integer_of(inko_process_receive(main));
    CHECK(sum == 6);
    for (InkoProcess* child : children)
      inko_process_release(child);
    // Once unpinned, the replacements park: work still gets done.
    InkoProcess* child = inko_process_spawn(main, &echo, integer(0));
    inko_process_retain(main);
    inko_process_send(main, child, pointer_value(main));
    inko_process_send(main, child, integer(9));
    CHECK(integer_of(inko_process_receive(main)) == 9);
    inko_process_release(child);
  });
}

// Pins a process inside the blocking pool, then echoes one message.
void blocking_pinned_echo(InkoProcess* self, InkoValue) {
  inko_process_blocking_enter(self);
  pinned_echo(self, integer(0));
  inko_process_blocking_leave(self);
}

TEST_CASE("a process pinned in the blocking pool does not starve blocking work") {
  Config config = test_config(1);
  config.blocking_threads = 1;
  run_main(config, [](InkoProcess* main) {
    InkoProcess* child = inko_process_spawn(main, &blocking_pinned_echo, integer(0));
    inko_process_suspend(main, 5.0); // the child pins the only blocking thread
    inko_process_blocking_enter(main);
    CHECK(main->in_blocking_pool);
    inko_process_blocking_leave(main);
    inko_process_retain(main);
    inko_process_send(main, child, pointer_value(main));
    inko_process_send(main, child, integer(3));
    CHECK(integer_of(inko_process_receive(main)) == 3);
    inko_process_release(child);
  });
}

TEST_CASE("negative timeouts panic") {
  // Checked through the process's own handler, which ends the process.
  std::atomic<bool> panicked{false};
  run_main(test_config(), [&](InkoProcess* main) {
    InkoProcess* child = inko_process_spawn(
        main,
        [](InkoProcess* self, InkoValue flag) {
          inko_process_set_panic_handler(
              self,
              [](InkoProcess*, void* environment, const char*, uint64_t) {
                static_cast<std::atomic<bool>*>(environment)->store(true);
              },
              value_pointer<std::atomic<bool>>(flag));
          inko_process_suspend(self, -1);
        },
        pointer_value(&panicked));
    while (!panicked.load())
      inko_process_suspend(main, 1);
    inko_process_release(child);
  });
  CHECK(panicked.load());
}

} // namespace
} // namespace inko
