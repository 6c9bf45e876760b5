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

// The collector's bit in InkoHeader::flags while a message copy is in
// progress; the other bits then hold the copy's (8-aligned) address.
inline constexpr std::uint64_t header_forwarded = 2;

} // namespace inko
