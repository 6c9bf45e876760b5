// The wait word: how a suspended process is woken exactly once.
//
// wait_word = (epoch << 2) | status. The worker that parks a process bumps
// the epoch and sets the status; a waker (a sender, the timer thread) wins
// the right to queue the process with one compare-and-swap back to
// `running`. A timer holding a stale epoch can never wake a later wait.
//
// Lost wake-ups are impossible because both sides use sequentially
// consistent operations in opposite orders: the parking worker stores the
// status, then re-checks the mailbox; a sender pushes to the mailbox, then
// loads the status. At least one of them sees the other's write.
#pragma once

#include "process/process.h"

#include <atomic>
#include <cstdint>

namespace inko {

enum class WaitStatus : std::uint64_t {
  running = 0, // running or queued: nobody needs to wake it
  waiting_for_message = 1,
  sleeping = 2,
  finished = 3,
};

inline WaitStatus wait_status(std::uint64_t word) {
  return static_cast<WaitStatus>(word & 3);
}
inline std::uint64_t wait_epoch(std::uint64_t word) {
  return word >> 2;
}
inline std::uint64_t make_wait_word(std::uint64_t epoch, WaitStatus status) {
  return (epoch << 2) | static_cast<std::uint64_t>(status);
}

// Worker side, with the process switched out: starts a new wait and
// returns its epoch.
inline std::uint64_t announce_wait(InkoProcess* process, WaitStatus status) {
  std::uint64_t epoch = wait_epoch(process->wait_word.load(std::memory_order_relaxed)) + 1;
  process->wait_word.store(make_wait_word(epoch, status), std::memory_order_seq_cst);
  return epoch;
}

// True when the caller won the wake-up of the wait `epoch` (any epoch when
// `epoch` is 0) in one of the `accepted` states; the caller must then queue
// the process.
inline bool claim_wake(InkoProcess* process, std::uint64_t epoch, bool accept_sleeping) {
  std::uint64_t word = process->wait_word.load(std::memory_order_seq_cst);
  for (;;) {
    WaitStatus status = wait_status(word);
    bool accepted = status == WaitStatus::waiting_for_message ||
                    (accept_sleeping && status == WaitStatus::sleeping);
    if (!accepted || (epoch != 0 && wait_epoch(word) != epoch))
      return false;
    if (process->wait_word.compare_exchange_weak(
            word, make_wait_word(wait_epoch(word), WaitStatus::running), std::memory_order_seq_cst))
      return true;
  }
}

} // namespace inko
