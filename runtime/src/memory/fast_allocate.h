// allocate_object (memory/heap.h) for the hottest allocations: instances of
// Inko classes, Floats and cells. It writes each word of the cell once
// instead of zeroing it all and then writing the fields again.
#pragma once

#include "inko/abi.h"
#include "memory/kinds.h"
#include "memory/process_heap.h"
#include "process/process.h"

#include <cstddef>

namespace inko {

// A cell for `size` bytes (at least an InkoHeader) whose header is `klass`
// with no flags, `cell_size` bytes long; the caller writes all of it after
// the header before it allocates again (only an allocation may collect).
// Null when the process has no heap yet, the size is large or the current
// run of free cells is used up: call allocate_object then.
[[gnu::always_inline]] inline InkoHeader* try_allocate_object_fast(InkoProcess* process,
                                                                   const InkoClass* klass,
                                                                   std::size_t size,
                                                                   std::size_t& cell_size) {
  Heap* heap = process->heap;
  if (heap == nullptr)
    return nullptr;
  char* cell = heap->bump(size, false, needs_finaliser(klass), cell_size);
  if (cell == nullptr)
    return nullptr;
  auto* header = reinterpret_cast<InkoHeader*>(cell);
  header->klass = klass;
  header->flags = 0;
  return header;
}

} // namespace inko
