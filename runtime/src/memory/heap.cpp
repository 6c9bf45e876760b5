// The first implementation of heap.h: the C allocator, nothing is freed.
// Per-process heaps with a collector replace it without changing heap.h.
#include "memory/heap.h"

#include "panic/panic.h"

#include <cstdlib>
#include <cstring>

namespace inko {

InkoHeader* allocate_object(InkoProcess* process, const InkoClass* klass, std::size_t size) {
  void* memory = std::calloc(1, size);
  if (memory == nullptr)
    panic(process, "Out of memory");
  auto* header = static_cast<InkoHeader*>(memory);
  header->klass = klass;
  return header;
}

void* allocate_buffer(InkoProcess* process, std::size_t size) {
  void* memory = std::malloc(size == 0 ? 1 : size);
  if (memory == nullptr)
    panic(process, "Out of memory");
  return memory;
}

void* resize_buffer(InkoProcess* process, void* buffer, std::size_t, std::size_t new_size) {
  void* memory = std::realloc(buffer, new_size == 0 ? 1 : new_size);
  if (memory == nullptr)
    panic(process, "Out of memory");
  return memory;
}

} // namespace inko
