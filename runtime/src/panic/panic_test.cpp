// Tests of panics: the default handler's output and exit status (in a
// forked child, since it ends the program), stack overflows found by the
// entry check and by the fault handler, and custom handlers.
#include "panic/signals.h"
#include "panic/stack_trace.h"
#include "process/process.h"
#include "testing/harness.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <doctest/doctest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace inko::testing;

// "User code" for the traces: C names outside the runtime's namespace.
extern "C" {
[[gnu::noinline]] void user_level_two(InkoProcess* process) {
  static const char message[] = "Can not divide an Integer by 0";
  inko_process_panic_bytes(process, message, sizeof(message) - 1);
}

[[gnu::noinline]] uint64_t user_collect_frames(InkoCallFrame* frames, uint64_t capacity) {
  uint64_t count = inko_process_call_frames(nullptr, 0, frames, capacity);
  asm volatile("");
  return count;
}

[[gnu::noinline]] void user_level_one(InkoProcess* process) {
  user_level_two(process);
  asm volatile(""); // not a tail call: keep this frame
}

// Bounded only by a depth no stack reaches, so the compiler cannot prove
// the recursion infinite.
// Its stack grows in segments until it reaches the cap.
[[gnu::noinline]] int user_recurse_checked(InkoProcess* process, int depth) {
  if (entry_check_grows(process, reinterpret_cast<void*>(&user_recurse_checked), 2))
    return call_on_new_segment(&user_recurse_checked, process, depth);
  volatile char frame[256];
  frame[0] = static_cast<char>(depth);
  if (depth == 1 << 30)
    return 0;
  return user_recurse_checked(process, depth + 1) + frame[0];
}

[[gnu::noinline]] int user_recurse_unchecked(int depth) {
  volatile char frame[256];
  frame[0] = static_cast<char>(depth);
  if (depth == 1 << 30)
    return 0;
  return user_recurse_unchecked(depth + 1) + frame[0];
}
}

namespace inko {
namespace {

struct ChildResult {
  int status = -1;
  std::string out;
  std::string err;
};

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  ssize_t size;
  while ((size = read(fd, buffer, sizeof(buffer))) > 0)
    text.append(buffer, static_cast<std::size_t>(size));
  return text;
}

// Runs `body` as the main process of a program (exit_program = true) in a
// child process and collects its output and exit status.
ChildResult run_program(void (*body)(InkoProcess*)) {
  int out[2], err[2];
  REQUIRE(pipe(out) == 0);
  REQUIRE(pipe(err) == 0);
  std::fflush(nullptr); // or the child would flush the test runner's output
  pid_t child = fork();
  if (child == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    install_fault_handlers();
    Config config = test_config();
    config.exit_program = true;
    // Deep enough to grow over several segments; shallow enough for
    // ThreadSanitizer's shadow call stack (testing/harness.h).
    config.stack_size = 8 * 1024 * 1024;
    auto* runtime = new Runtime(config);
    runtime->run_main(
        [](InkoProcess* process, InkoValue argument) {
          value_pointer<void(InkoProcess*)>(argument)(process);
        },
        reinterpret_cast<InkoValue>(body));
    _exit(99); // not reached: the runtime ends the program
  }
  REQUIRE(child > 0);
  close(out[1]);
  close(err[1]);
  ChildResult result;
  result.err = read_all(err[0]);
  result.out = read_all(out[0]);
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(child, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

InkoValue literal(const char* text, std::size_t size) {
  auto* bytes = static_cast<InkoSharedBytes*>(std::malloc(sizeof(InkoSharedBytes) + size + 1));
  bytes->references = -1;
  bytes->size = size;
  std::memcpy(bytes->data, text, size);
  bytes->data[size] = 0;
  auto* string = new InkoString{{&inko_class_string, INKO_HEADER_PERMANENT}, bytes};
  return pointer_value(string);
}

TEST_CASE("the default handler prints the trace and the message and exits with 1") {
  ChildResult result = run_program([](InkoProcess* main) {
    inko_stdout_write(main, literal("buffered", 8)); // must be flushed
    user_level_one(main);
  });
  CHECK(result.status == 1);
  CHECK(result.out == "buffered");
  INFO(result.err);
  CHECK(result.err.rfind("Stack trace (the most recent call comes last):\n", 0) == 0);
  std::size_t one = result.err.find("in \"user_level_one\"");
  std::size_t two = result.err.find("in \"user_level_two\"");
  CHECK(one != std::string::npos);
  CHECK(two != std::string::npos);
  CHECK(one < two);                                        // oldest first
  CHECK(result.err.find("_ZN4inko") == std::string::npos); // runtime frames left out
  std::string last_line = "Process 0x1 panicked: Can not divide an Integer by 0\n";
  CHECK(result.err.size() >= last_line.size());
  CHECK(result.err.compare(result.err.size() - last_line.size(), last_line.size(), last_line) == 0);
}

TEST_CASE("a panic in any process ends the whole program") {
  ChildResult result = run_program([](InkoProcess* main) {
    inko_process_release(inko_process_spawn(
        main, [](InkoProcess* self, InkoValue) { user_level_two(self); }, integer(0)));
    inko_process_receive(main);
  });
  CHECK(result.status == 1);
  CHECK(result.err.find("Process 0x2 panicked: Can not divide an Integer by 0\n") !=
        std::string::npos);
}

std::size_t occurrences(const std::string& text, std::string_view part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    count++;
  return count;
}

TEST_CASE("panics in many processes at once print one whole report") {
  for (int attempt = 0; attempt < 10; attempt++) {
    ChildResult result = run_program([](InkoProcess* main) {
      // The timer wakes them together, so several panic at once.
      for (int child = 0; child < 64; child++)
        inko_process_release(inko_process_spawn(
            main,
            [](InkoProcess* self, InkoValue) {
              inko_process_suspend(self, 2);
              user_level_two(self);
            },
            integer(0)));
      inko_process_receive(main);
    });
    INFO(result.err);
    CHECK(result.status == 1);
    CHECK(occurrences(result.err, "Stack trace (the most recent call comes last):") == 1);
    CHECK(occurrences(result.err, " panicked: ") == 1);
  }
}

TEST_CASE("an exit racing a panic either ends the program alone") {
  for (int attempt = 0; attempt < 5; attempt++) {
    ChildResult result = run_program([](InkoProcess* main) {
      inko_process_release(inko_process_spawn(
          main, [](InkoProcess* self, InkoValue) { user_level_two(self); }, integer(0)));
      inko_vm_exit(main, 3);
    });
    INFO(result.err);
    if (result.status == 3) {
      CHECK(result.err.empty());
    } else {
      CHECK(result.status == 1);
      CHECK(occurrences(result.err, " panicked: ") == 1);
    }
  }
}

TEST_CASE("deep recursion found by the entry check is a stack overflow panic") {
  ChildResult result = run_program([](InkoProcess* main) {
    inko_process_release(inko_process_spawn(
        main, [](InkoProcess* self, InkoValue) { user_recurse_checked(self, 0); }, integer(0)));
    inko_process_receive(main);
  });
  CHECK(result.status == 1);
  CHECK(result.err.find("frames left out") != std::string::npos);
  CHECK(result.err.find("panicked: Stack overflow\n") != std::string::npos);
  // Sanitizer builds: segment switches must not confuse their view of the
  // stack (no reports or warnings from the panic deep in a grown stack).
  CHECK(result.err.find("Sanitizer") == std::string::npos);
}

TEST_CASE("a fault in the guard page is a stack overflow panic, not a bare SIGSEGV") {
  ChildResult result = run_program([](InkoProcess*) { user_recurse_unchecked(0); });
  CHECK(result.status == 1);
  CHECK(result.err.find("Process 0x1 panicked: Stack overflow\n") != std::string::npos);
}

TEST_CASE("a panic inside a custom handler goes to the default handler") {
  ChildResult result = run_program([](InkoProcess* main) {
    inko_process_set_panic_handler(
        main,
        [](InkoProcess* process, void*, const char*, uint64_t) {
          inko_process_panic_bytes(process, "again", 5);
        },
        nullptr);
    inko_process_panic_bytes(main, "first", 5);
  });
  CHECK(result.status == 1);
  CHECK(result.err.find("panicked: again\n") != std::string::npos);
}

TEST_CASE("a custom handler of the main process ends the program with 0 after it ran") {
  ChildResult result = run_program([](InkoProcess* main) {
    inko_process_set_panic_handler(
        main,
        [](InkoProcess* process, void*, const char* message, uint64_t size) {
          inko_stdout_write(process, literal(message, size));
        },
        nullptr);
    inko_process_panic_bytes(main, "handled", 7);
  });
  CHECK(result.status == 0);
  CHECK(result.out == "handled");
  CHECK(result.err.empty());
}

TEST_CASE("inko_process_call_frames lists the caller's frames, the most recent first") {
  // Without an Inko function table (this test binary) frames are C symbols
  // outside the runtime, named "<unknown>" by this API.
  InkoCallFrame frames[64];
  uint64_t all = user_collect_frames(frames, 64);
  CHECK(all >= 1);
  CHECK(std::string(frames[0].file) == "<unknown>");
  InkoCallFrame few[1];
  CHECK(user_collect_frames(few, 1) == all); // the count does not depend on capacity
  CHECK(inko_process_call_frames(nullptr, all, frames, 64) == 0);
}

struct HandlerLog {
  std::atomic<int> process_handler{0};
  std::atomic<int> global_handler{0};
};

TEST_CASE("process handlers win over the global one; the process ends, others continue") {
  HandlerLog log;
  run_main(test_config(), [&](InkoProcess* main) {
    inko_set_global_panic_handler(
        [](InkoProcess*, void* environment, const char*, uint64_t) {
          static_cast<HandlerLog*>(environment)->global_handler.fetch_add(1);
        },
        &log);
    InkoProcess* with_own = inko_process_spawn(
        main,
        [](InkoProcess* self, InkoValue argument) {
          inko_process_set_panic_handler(
              self,
              [](InkoProcess*, void* environment, const char* message, uint64_t size) {
                if (std::string_view(message, size) == "own")
                  static_cast<HandlerLog*>(environment)->process_handler.fetch_add(1);
              },
              value_pointer<HandlerLog>(argument));
          inko_process_panic_bytes(self, "own", 3);
        },
        pointer_value(&log));
    InkoProcess* without = inko_process_spawn(
        main, [](InkoProcess* self, InkoValue) { inko_process_panic_bytes(self, "global", 6); },
        integer(0));
    while (current_runtime().live_processes() > 1)
      inko_process_suspend(main, 1);
    inko_process_release(with_own);
    inko_process_release(without);
    inko_set_global_panic_handler(nullptr, nullptr);
  });
  CHECK(log.process_handler.load() == 1);
  CHECK(log.global_handler.load() == 1);
}

} // namespace
} // namespace inko
