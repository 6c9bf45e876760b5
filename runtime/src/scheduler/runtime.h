// The runtime: the two pools, the timer thread and the stack pool, and the
// life cycle of processes (spawn, finish, destroy, program end).
//
// There is one Runtime at a time (current_runtime()); executables create it
// in runtime_main, tests create and destroy one per test case. Every member
// function may be called from any thread unless noted.
#pragma once

#include "inko/abi.h"
#include "scheduler/config.h"
#include "scheduler/pool.h"
#include "stack/stack_cache.h"
#include "stack/stack_pool.h"
#include "timer/timer_thread.h"

#include <atomic>
#include <cstdint>
#include <optional>

namespace inko {

class Runtime {
public:
  explicit Runtime(const Config& config);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // Runs entry(main process, argument) as the main process, using the
  // calling thread as the first primary worker (PROCESSES P3). Returns the
  // exit status when config.exit_program is false; never returns otherwise.
  int run_main(InkoProcessEntry entry, InkoValue argument);

  // Creates a runnable process; returns a handle reference to it.
  InkoProcess* spawn(InkoProcess* parent, InkoProcessEntry entry, InkoValue argument);
  // Queues a process that was claimed for running (process/wake.h).
  // `current` is the calling thread's worker, if any.
  void make_runnable(InkoProcess* process, Worker* current, bool as_next);
  // Called by a worker, with its stack cache, before it first runs
  // `process` (spawn gives none).
  void give_stack(InkoProcess* process, StackCache& cache);
  // Called by a worker with a process that switched back as finished; its
  // stack goes to `cache`.
  void finish(InkoProcess* process, StackCache& cache);
  // Ends the program with `status`; `current` (may be null) is the calling
  // process, which never runs again. Only the first process to end the
  // program does (claim_end); a later one stops where it is.
  [[noreturn]] void end_program(InkoProcess* current, int status);
  // True for the first caller only: it alone may print a panic's trace
  // and end the program, so two default-handled panics never interleave
  // their reports and a trace is never cut short by another process's
  // exit (P15.4, P17).
  bool claim_end() { return !end_claimed_.exchange(true, std::memory_order_acq_rel); }
  // end_program for a caller that already won claim_end.
  [[noreturn]] void end_claimed_program(InkoProcess* current, int status);
  // For a caller that lost claim_end: `current` never runs again.
  [[noreturn]] void lose_end(InkoProcess* current);

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  const Config& config() const { return config_; }
  // First segments of process stacks, and the segments they grow by.
  StackPool& stacks() { return stacks_; }
  StackPool& segments() { return segments_; }
  TimerThread& timers() { return *timers_; }
  Pool& primary() { return primary_; }
  Pool& blocking() { return blocking_; }
  std::int64_t live_processes() const { return live_.load(std::memory_order_acquire); }

private:
  friend void release_process(InkoProcess* process);
  void destroy(InkoProcess* process);
  void fire_timer(const TimerEntry& entry);
  void free_queued_processes(Pool& pool);

  const Config config_;
  StackPool stacks_;
  StackPool segments_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> end_claimed_{false};
  std::atomic<int> exit_status_{0};
  std::atomic<std::uint64_t> next_identifier_{1};
  std::atomic<std::int64_t> live_{0};
  // Until it finishes (set by the main thread, cleared by the worker that
  // finishes it; read at shutdown after every worker stopped).
  InkoProcess* main_process_ = nullptr;
  Pool primary_;
  Pool blocking_;
  // Its thread wakes processes into the pools, so it is started after them
  // and stopped before them (and before current_runtime() goes away).
  std::optional<TimerThread> timers_;
};

Runtime& current_runtime();
// Whether a runtime exists (the signal handler must not touch one that
// does not).
bool has_runtime();

// Whether `process` has been given a stack that it still holds.
inline bool has_stack(const InkoProcess* process) {
  return process->context.stack.low != nullptr;
}

void retain_process(InkoProcess* process);
void release_process(InkoProcess* process);

// On the process's own stack: hand control to its worker, which acts on
// `reason`. Returns when the process runs again.
void suspend_process(InkoProcess* process, SuspendReason reason);
// On the process's own stack: ends it (the program, for the main process).
[[noreturn]] void finish_process(InkoProcess* process);

} // namespace inko
