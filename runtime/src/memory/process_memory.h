// The runtime's side of process heaps: creating a process's heap when it
// first allocates, and freeing it when the process is gone. Used by
// memory/heap.cpp, the message copy and the scheduler (runtime.cpp).
#pragma once

#include "inko/abi.h"

#include <cstdint>

namespace inko {

class Heap;

// The heap of `process`, created on first use. Only the process itself.
Heap& heap_of(InkoProcess* process);
// The heap of `process` if it has one.
Heap* existing_heap(InkoProcess* process);
// Finalises and frees the heap of a process that will not run again (the
// worker that finished it, or whoever destroys the record).
void free_process_heap(InkoProcess* process);

// An object of a heap that a message copy reached holds in its header
// flags header_forwarded, its copy's (8-aligned) address in bits 3..47 and
// the copy's epoch (Heap::begin_copy) in bits 48..63. The flags are not
// restored afterwards: forwarding of an earlier epoch means nothing (only
// bit 0, INKO_HEADER_PERMANENT, is read elsewhere, and it stays clear).
inline constexpr std::uint64_t header_forwarded = 2;
inline constexpr unsigned forwarding_epoch_shift = 48;
inline constexpr std::uint64_t forwarding_address_mask =
    ((std::uint64_t{1} << forwarding_epoch_shift) - 1) & ~std::uint64_t{7};

} // namespace inko
