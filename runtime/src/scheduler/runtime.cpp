// Process life cycle and program end (see runtime.h).
//
// References to a process: one held by the scheduler from spawn until the
// process finishes, one per handle, one per pending timer entry, and a
// temporary one while a worker parks it. The record is freed when the last
// one goes; the stack is given when the process first runs and recycled at
// finish.
#include "scheduler/runtime.h"

#include "io/output.h"
#include "memory/gc_stats.h"
#include "memory/process_memory.h"
#include "process/message_copy.h"
#include "process/wake.h"
#include "stack/segments.h"
#include "stack/stack_pool.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace inko {
namespace {

std::atomic<Runtime*> the_runtime{nullptr};

// The first code of every process, on its own stack.
void process_main(void* argument) {
  auto* process = static_cast<InkoProcess*>(argument);
  process->worker->complete_hand_off();
  process->argument = adopt_message(process, process->argument, process->argument_fragment);
  process->argument_fragment = nullptr;
  process->entry(process, process->argument);
  finish_process(process);
}

[[noreturn]] void out_of_stacks() {
  standard_error().write("inko: out of address space for process stacks", true);
  flush_all_output();
  _exit(1);
}

// Home methods number their activations from here (L92): each process
// starts in its own range, so a closure copied into another process (P7)
// never matches a frame there and its `return` panics as a stale one.
std::uint64_t first_frame_token(std::uint64_t identifier) {
  return identifier << 32;
}

} // namespace

Runtime& current_runtime() {
  return *the_runtime.load(std::memory_order_acquire);
}
bool has_runtime() {
  return the_runtime.load(std::memory_order_acquire) != nullptr;
}

Runtime::Runtime(const Config& config)
    : config_(config), stacks_(config.first_segment_size),
      // Few processes recurse deeply: small regions, few warm segments.
      segments_(config.segment_size, 8, 64, 8),
      // Beyond primary_threads only while processes are pinned (pool.h).
      primary_(*this, PoolKind::primary, config.primary_threads,
               config.primary_threads + max_pinned_replacements),
      blocking_(*this, PoolKind::blocking, config.blocking_threads, config.blocking_threads_max) {
  the_runtime.store(this, std::memory_order_release);
  timers_.emplace([this](const TimerEntry& entry) { fire_timer(entry); });
}

Runtime::~Runtime() {
  stopping_.store(true, std::memory_order_release);
  primary_.stop();
  blocking_.stop();
  timers_.reset(); // releases the references of pending entries
  free_queued_processes(primary_);
  free_queued_processes(blocking_);
  // A main process still waiting when another process ended the program.
  if (main_process_ != nullptr) {
    main_process_->wait_word.store(make_wait_word(0, WaitStatus::finished));
    release_process(main_process_);
  }
  the_runtime.store(nullptr, std::memory_order_release);
}

void Runtime::free_queued_processes(Pool& pool) {
  auto drop = [this](InkoProcess* process) {
    if (process->is_main)
      main_process_ = nullptr;
    // Never finished: the scheduler's reference goes with it.
    process->wait_word.store(make_wait_word(0, WaitStatus::finished));
    live_.fetch_sub(1, std::memory_order_acq_rel);
    release_process(process);
  };
  while (InkoProcess* process = pool.take_global())
    drop(process);
  for (std::size_t i = 0; i < pool.thread_count(); ++i) {
    Worker& worker = pool.worker(i);
    while (InkoProcess* process = worker.local.pop())
      drop(process);
    if (InkoProcess* process = worker.pinned_ready.exchange(nullptr))
      drop(process);
  }
}

int Runtime::run_main(InkoProcessEntry entry, InkoValue argument) {
  Stack stack = map_dedicated_stack(config_.main_stack_size);
  if (stack.low == nullptr)
    out_of_stacks();
  auto* process = new InkoProcess;
  process->is_main = true;
  process->identifier = next_identifier_.fetch_add(1, std::memory_order_relaxed);
  process->hot.frame_counter = first_frame_token(process->identifier);
  process->entry = entry;
  process->argument = argument;
  prepare_process_stack(process, stack, &process_main);
  live_.fetch_add(1, std::memory_order_acq_rel);
  main_process_ = process;

  primary_.start(true);
  blocking_.start(false);
  // Run directly rather than queued, where another worker could steal it:
  // the main process starts on the main thread (PROCESSES P3).
  primary_.worker(0).run(process);
  stopping_.store(true, std::memory_order_release);
  primary_.stop();
  blocking_.stop();
  return exit_status_.load(std::memory_order_acquire);
}

InkoProcess* Runtime::spawn(InkoProcess* parent, InkoProcessEntry entry, InkoValue argument) {
  // The child gets its own copy of the argument (PROCESSES P7).
  CopiedMessage copy = copy_message(parent, argument);
  auto* process = new InkoProcess;
  process->references.store(2, std::memory_order_relaxed); // scheduler + handle
  process->identifier = next_identifier_.fetch_add(1, std::memory_order_relaxed);
  process->hot.frame_counter = first_frame_token(process->identifier);
  process->entry = entry;
  process->argument = copy.root;
  process->argument_fragment = copy.fragment;
  // No stack yet (give_stack): a queued process costs only its record.
  live_.fetch_add(1, std::memory_order_acq_rel);
  Worker* current = parent != nullptr ? parent->worker : nullptr;
  if (current != nullptr && &current->pool() == &primary_ && current->pinned == nullptr)
    current->push_fresh(process);
  else
    make_runnable(process, current, false);
  return process;
}

void Runtime::give_stack(InkoProcess* process, StackCache& cache) {
  Stack stack = cache.acquire(stacks_);
  if (stack.low == nullptr)
    out_of_stacks();
  prepare_process_stack(process, stack, &process_main);
}

void Runtime::make_runnable(InkoProcess* process, Worker* current, bool as_next) {
  if (process->pinned) {
    process->pinned_to->push_pinned(process);
    return;
  }
  Pool& pool = process->in_blocking_pool ? blocking_ : primary_;
  if (current != nullptr && &current->pool() != &pool)
    current = nullptr;
  pool.schedule(process, current, as_next);
}

void Runtime::finish(InkoProcess* process, StackCache& cache) {
  if (process->is_main)
    main_process_ = nullptr;
  process->wait_word.store(make_wait_word(0, WaitStatus::finished), std::memory_order_seq_cst);
  process->mailbox.clear();
  free_process_heap(process);           // its memory goes back now, not with the record
  release_segments(process, segments_); // a panic may end it deep in its chain
  if (!process->is_main) {
    // Its pages are still resident: the next process this worker starts
    // gets them without a fault.
    context_release(process->context);
    cache.release(stacks_, process->context.stack);
    process->context.stack = Stack{};
  }
  live_.fetch_sub(1, std::memory_order_acq_rel);
  release_process(process);
}

void Runtime::destroy(InkoProcess* process) {
  free_process_heap(process); // never finished (queued at shutdown)
  if (process->argument_fragment != nullptr)
    discard_fragment(process->argument_fragment);
  context_release(process->context);
  if (has_stack(process))
    release_segments(process, segments_);
  if (process->is_main)
    unmap_dedicated_stack(process->context.stack);
  else if (has_stack(process))
    stacks_.release(process->context.stack);
  delete process;
}

void Runtime::fire_timer(const TimerEntry& entry) {
  InkoProcess* process = entry.process;
  if (!stopping() && claim_wake(process, entry.epoch, true)) {
    process->woken_by_timeout = true;
    make_runnable(process, nullptr, false);
  }
  release_process(process);
}

void Runtime::end_program(InkoProcess* current, int status) {
  if (!claim_end())
    lose_end(current);
  end_claimed_program(current, status);
}

void Runtime::lose_end(InkoProcess* current) {
  // The winner is about to _exit (or, in tests, to stop the pools): this
  // thread only waits, holding nothing the winner needs.
  if (config_.exit_program)
    for (;;)
      pause();
  if (current == nullptr)
    std::abort();
  current->suspend_reason = SuspendReason::finished;
  context_switch_final(current->context, current->worker->scheduler_context);
}

void Runtime::end_claimed_program(InkoProcess* current, int status) {
  report_gc_stats(current != nullptr ? existing_heap(current) : nullptr);
  if (config_.exit_program) {
    flush_all_output();
    _exit(status);
  }
  exit_status_.store(status, std::memory_order_release);
  stopping_.store(true, std::memory_order_release);
  primary_.stop_signal();
  blocking_.stop_signal();
  if (current == nullptr)
    std::abort();
  current->suspend_reason = SuspendReason::finished;
  context_switch_final(current->context, current->worker->scheduler_context);
}

void retain_process(InkoProcess* process) {
  process->references.fetch_add(1, std::memory_order_relaxed);
}

void release_process(InkoProcess* process) {
  if (process->references.fetch_sub(1, std::memory_order_acq_rel) == 1)
    current_runtime().destroy(process);
}

void suspend_process(InkoProcess* process, SuspendReason reason) {
  process->suspend_reason = reason;
  Worker* worker = process->worker;
  if (reason != SuspendReason::wait_for_message || !worker->hand_off(process))
    context_switch(process->context, worker->scheduler_context);
  // Resumed, perhaps on another worker, perhaps by a hand-off.
  process->worker->complete_hand_off();
}

void finish_process(InkoProcess* process) {
  if (process->is_main)
    current_runtime().end_program(process, 0);
  process->suspend_reason = SuspendReason::finished;
  context_switch_final(process->context, process->worker->scheduler_context);
}

} // namespace inko
