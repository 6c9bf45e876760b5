// allocate_object (memory/heap.h) for the hottest allocations: instances of
// Inko classes, Floats, cells, blocks, strings. It writes each word of the
// cell once instead of zeroing it all and then writing the fields again.
#pragma once

#include "inko/abi.h"
#include "memory/heap.h"
#include "memory/kinds.h"
#include "memory/process_heap.h"
#include "process/process.h"

#include <cstddef>
#include <cstring>

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

// The slow path of allocate_filled: zeroed memory, then the fields.
template <typename T, typename Fill>
[[gnu::noinline]] InkoValue allocate_filled_slow(InkoProcess* process, const InkoClass* klass,
                                                 std::size_t size, Fill fill) {
  auto* object = reinterpret_cast<T*>(allocate_object(process, klass, size));
  fill(object);
  return reinterpret_cast<InkoValue>(object);
}

// Zeroes the part of a cell past the object (a size between two size
// classes), which conservative scans and message copies read.
[[gnu::noinline]] inline InkoValue zero_tail(InkoHeader* object, std::size_t size,
                                             std::size_t cell_size) {
  std::memset(reinterpret_cast<char*>(object) + size, 0, cell_size - size);
  return reinterpret_cast<InkoValue>(object);
}

// A new object of `size` bytes whose every byte after the header
// `fill(T*)` writes. The fast path writes each word once and needs no
// stack frame: its rare cases are tail calls.
template <typename T, typename Fill>
[[gnu::always_inline]] inline InkoValue
allocate_filled(InkoProcess* process, const InkoClass* klass, std::size_t size, Fill fill) {
  std::size_t cell_size = 0;
  InkoHeader* header = try_allocate_object_fast(process, klass, size, cell_size);
  if (header == nullptr) [[unlikely]]
    return allocate_filled_slow<T>(process, klass, size, fill);
  fill(reinterpret_cast<T*>(header));
  if (cell_size != size) [[unlikely]]
    return zero_tail(header, size, cell_size);
  return reinterpret_cast<InkoValue>(header);
}

} // namespace inko
