// The process functions of abi.h that generated code calls. All of them run
// on the calling process's stack; the ones that suspend may return on
// another OS thread.
#include "panic/panic.h"
#include "process/flat_message.h"
#include "process/message_copy.h"
#include "process/prefetch.h"
#include "process/process.h"
#include "process/send.h"
#include "process/wake.h"
#include "scheduler/runtime.h"
#include "scheduler/worker.h"
#include "timer/timer_heap.h"

#include <cmath>
#include <cstdint>

using namespace inko;

namespace {

// Milliseconds (a ToFloat, fractions allowed) to an absolute deadline.
std::uint64_t deadline_after(double milliseconds) {
  double nanoseconds = milliseconds * 1e6;
  if (nanoseconds > 9e18)
    nanoseconds = 9e18;
  return monotonic_now_ns() + static_cast<std::uint64_t>(std::ceil(nanoseconds));
}

InkoValue pop_message(InkoProcess* process) {
  MessageNode* node = process->mailbox.pop();
  if (node == nullptr)
    return INKO_RECEIVE_TIMED_OUT;
  InkoValue value;
  if (carries_flat_object(node)) {
    value = receive_flat_object(process, node);
  } else {
    value = adopt_message(process, node->value, node->fragment);
    node->fragment = nullptr;
  }
  free_message_node(node);
  return value;
}

// A message to a finished process is dropped (PROCESSES P5). Also starts
// fetching the receiver's record, which the send is about to write.
bool accepts_messages(InkoProcess* receiver) {
  prefetch_for_send(receiver);
  return wait_status(receiver->wait_word.load(std::memory_order_acquire)) != WaitStatus::finished;
}

MessageNode* new_copied_message_node(InkoProcess* sender, InkoValue message) {
  CopiedMessage copy = copy_message(sender, message);
  return new_message_node(copy.root, copy.fragment);
}

// Queues `node` for `receiver` and wakes the receiver if it waits.
void deliver(InkoProcess* sender, InkoProcess* receiver, MessageNode* node) {
  receiver->mailbox.push(node);
  if (claim_wake(receiver, 0, false)) {
    receiver->woken_by_timeout = false;
    prefetch_for_run(receiver);
    // The receiver runs next on this thread, sharing the sender's slice.
    current_runtime().make_runnable(receiver, sender != nullptr ? sender->worker : nullptr, true);
  } else if (sender != nullptr && sender->worker != nullptr) {
    sender->worker->release_run_next(receiver);
  }
}

// Panics for negative or NaN timeouts, as PROCESSES P6 and P10 require.
void check_timeout(InkoProcess* current, double milliseconds) {
  if (!(milliseconds >= 0.0)) {
    static const char message[] = "The timeout must be zero or greater";
    inko_process_panic_bytes(current, message, sizeof(message) - 1);
  }
}

} // namespace

extern "C" {

InkoProcess* inko_process_spawn(InkoProcess* current, InkoProcessEntry entry, InkoValue argument) {
  return current_runtime().spawn(current, entry, argument);
}

void inko_process_retain(InkoProcess* process) {
  retain_process(process);
}

void inko_process_release(InkoProcess* process) {
  release_process(process);
}

InkoValue inko_process_send(InkoProcess* current, InkoProcess* receiver, InkoValue message) {
  if (accepts_messages(receiver))
    deliver(current, receiver, new_copied_message_node(current, message));
  return message;
}

InkoValue inko_process_receive(InkoProcess* current) {
  for (;;) {
    InkoValue message = pop_message(current);
    if (message != INKO_RECEIVE_TIMED_OUT)
      return message;
    current->deadline_ns = 0;
    suspend_process(current, SuspendReason::wait_for_message);
  }
}

InkoValue inko_process_receive_timeout(InkoProcess* current, double milliseconds) {
  check_timeout(current, milliseconds);
  if (milliseconds == 0.0)
    return inko_process_receive(current);
  std::uint64_t deadline = deadline_after(milliseconds);
  for (;;) {
    InkoValue message = pop_message(current);
    if (message != INKO_RECEIVE_TIMED_OUT)
      return message;
    if (monotonic_now_ns() >= deadline)
      return INKO_RECEIVE_TIMED_OUT;
    current->deadline_ns = deadline;
    current->woken_by_timeout = false;
    suspend_process(current, SuspendReason::wait_for_message);
    if (current->woken_by_timeout)
      return INKO_RECEIVE_TIMED_OUT;
  }
}

void inko_process_suspend(InkoProcess* current, double milliseconds) {
  check_timeout(current, milliseconds);
  if (milliseconds == 0.0) {
    suspend_process(current, SuspendReason::yield);
    return;
  }
  current->deadline_ns = deadline_after(milliseconds);
  suspend_process(current, SuspendReason::sleep);
}

int64_t inko_process_identifier(InkoProcess* process) {
  return static_cast<int64_t>(process->identifier);
}

void inko_process_terminate(InkoProcess* current) {
  finish_process(current);
}

void inko_vm_exit(InkoProcess* current, int64_t status) {
  current_runtime().end_program(current, static_cast<int>(status));
}

void inko_process_blocking_enter(InkoProcess* current) {
  if (current->blocking_depth++ > 0 || current->pinned_depth > 0 || current->in_blocking_pool)
    return;
  current->in_blocking_pool = true;
  suspend_process(current, SuspendReason::move_to_blocking);
}

void inko_process_blocking_leave(InkoProcess* current) {
  if (current->blocking_depth == 0 || --current->blocking_depth > 0 || !current->in_blocking_pool ||
      current->pinned_depth > 0)
    return;
  current->in_blocking_pool = false;
  suspend_process(current, SuspendReason::move_to_primary);
}

void inko_process_pin(InkoProcess* current) {
  if (current->pinned_depth++ > 0)
    return;
  current->pinned_to = current->worker;
  current->pinned = true;
  current->worker->pin(current);
}

void inko_process_unpin(InkoProcess* current) {
  if (current->pinned_depth == 0 || --current->pinned_depth > 0)
    return;
  current->worker->unpin();
  current->pinned_to = nullptr;
  current->pinned = false;
  // process.blocking ended while pinned: go back now.
  if (current->blocking_depth == 0 && current->in_blocking_pool) {
    current->in_blocking_pool = false;
    suspend_process(current, SuspendReason::move_to_primary);
  }
}
}

InkoValue inko::send_program_value(InkoProcess* current, InkoProcess* receiver, InkoValue message) {
  if (accepts_messages(receiver)) {
    // A flat object may carry attributes added through std::mirror: then it
    // goes through copy_message, which copies them too.
    MessageNode* node = current != nullptr && current->has_added_attributes
                            ? nullptr
                            : new_flat_message_node(message);
    deliver(current, receiver, node != nullptr ? node : new_copied_message_node(current, message));
  }
  return message;
}
