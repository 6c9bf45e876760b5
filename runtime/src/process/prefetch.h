// Prefetches for a message hand-off. In a chain of processes (a ring, a
// pipeline) every hop wakes a process whose record and stack have not
// been touched since its last turn, often long enough ago to be out of the
// core's caches; each of those lines then costs a full miss, one after the
// other, as the hand-off reaches it. Requesting them at the start of the
// send overlaps the misses with the rest of the sender's work.
//
// Only hints: a prefetch never faults, so a stale address is harmless.
#pragma once

#include "process/process.h"

#include <cstddef>
#include <cstdint>

namespace inko {

inline constexpr std::size_t cache_line_bytes = 64;

// The top of a suspended process's stack: the frame the context switch
// restores and the frames it returns through (a process waiting in
// `receive` has a few hundred bytes there).
inline void prefetch_process_stack(const InkoProcess* process) {
  constexpr std::size_t bytes = 512;
  const char* top = static_cast<const char*>(process->context.saved_sp);
  if (top == nullptr)
    return; // never ran: it gets a (recently used) stack when it starts
  for (std::size_t offset = 0; offset < bytes; offset += cache_line_bytes)
    __builtin_prefetch(top + offset, 1, 3);
}

// What a send writes of the receiver's record (process.h, group 1: the wait
// word and the mailbox), and what it reads next when it wakes it (group 2:
// where its stack is). Group 0 is left alone: a running receiver writes it
// at every call, and taking it away from its core would slow that down.
inline void prefetch_for_send(const InkoProcess* process) {
  const char* wakers = reinterpret_cast<const char*>(&process->wait_word);
  __builtin_prefetch(wakers, 1, 3);
  __builtin_prefetch(wakers + cache_line_bytes - 1, 1, 3);
  __builtin_prefetch(&process->context.saved_sp, 0, 3);
}

// The rest of a woken receiver that will run next on this thread: group 0 of
// its record and the top of its stack.
inline void prefetch_for_run(const InkoProcess* process) {
  const char* record = reinterpret_cast<const char*>(process);
  __builtin_prefetch(record, 1, 3);
  __builtin_prefetch(record + cache_line_bytes - 1, 1, 3);
  __builtin_prefetch(&process->heap, 0, 3);
  prefetch_process_stack(process);
}

} // namespace inko
