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

// The receiver's record: the send writes its mailbox and wait word, and the
// worker that runs it next touches the lines before them and up to its heap
// pointer (process.h), not the rarely used fields after it.
inline void prefetch_process_record(const InkoProcess* process) {
  constexpr std::size_t hand_off_bytes = offsetof(InkoProcess, heap) + sizeof(process->heap);
  const char* record = reinterpret_cast<const char*>(process);
  for (std::size_t offset = 0; offset < hand_off_bytes; offset += cache_line_bytes)
    __builtin_prefetch(record + offset, 1, 3);
}

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

} // namespace inko
