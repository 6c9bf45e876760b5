// heap.h on top of per-process heaps (memory/process_heap.h), promotion in
// place (memory/promote.cpp) and the permanent space for buffers of
// permanent objects (plain calloc, never freed).
#include "memory/heap.h"

#include "memory/kinds.h"
#include "memory/process_heap.h"
#include "memory/process_memory.h"
#include "panic/panic.h"
#include "process/process.h"

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace inko {
namespace {

[[noreturn]] void out_of_memory(InkoProcess* process) {
  panic(process, "Out of memory");
}

} // namespace

Heap& heap_of(InkoProcess* process) {
  if (process->heap == nullptr)
    process->heap = new Heap(process);
  return *process->heap;
}

Heap* existing_heap(InkoProcess* process) {
  return process == nullptr ? nullptr : process->heap;
}

void free_process_heap(InkoProcess* process) {
  delete process->heap;
  process->heap = nullptr;
}

InkoHeader* allocate_object(InkoProcess* process, const InkoClass* klass, std::size_t size) {
  if (size < sizeof(InkoHeader))
    size = sizeof(InkoHeader);
  bool finalisable = needs_finaliser(klass);
  char* memory = heap_of(process).allocate(size, false, finalisable);
  if (memory == nullptr)
    out_of_memory(process);
  auto* header = reinterpret_cast<InkoHeader*>(memory);
  header->klass = klass;
  return header;
}

void* allocate_buffer(InkoProcess* process, std::size_t size) {
  char* memory = heap_of(process).allocate(size == 0 ? 1 : size, true, false);
  if (memory == nullptr)
    out_of_memory(process);
  return memory;
}

void* resize_buffer(InkoProcess* process, void* buffer, std::size_t old_size,
                    std::size_t new_size) {
  if (buffer == nullptr)
    return allocate_buffer(process, new_size);
  Heap& heap = heap_of(process);
  Allocation allocation = heap.find_buffer(buffer);
  std::size_t keep = old_size < new_size ? old_size : new_size;
  if (allocation.permanent && new_size <= allocation.size)
    return buffer;
  if (!allocation || allocation.permanent) {
    // The buffer of a permanent object (another process's, or promoted in
    // this heap): other processes may be reading the old one, so it stays
    // (P8 calls concurrent mutation a data race), and the new one is
    // permanent too.
    void* memory = allocate_permanent_buffer(new_size);
    std::memcpy(memory, buffer, keep);
    return memory;
  }
  if (new_size <= allocation.size)
    return buffer;
  // A large mapped buffer keeps its pages (a growing array of millions of
  // values would otherwise touch and copy every page again per doubling).
  if (char* grown = heap.grow_buffer(buffer, new_size))
    return grown;
  // `buffer` stays reachable through its owner should this allocation
  // collect.
  void* memory = heap.allocate(new_size, true, false);
  if (memory == nullptr)
    out_of_memory(process);
  std::memcpy(memory, buffer, keep);
  heap.free_buffer(buffer);
  return memory;
}

void collect(InkoProcess* process) {
  heap_of(process).collect();
}

InkoValue make_permanent(InkoProcess* process, InkoValue value) {
  if ((value & 7) != 0 || value == 0 || is_permanent(value))
    return value;
  // A value that is not permanent is the process's own (P1).
  if (Heap* heap = existing_heap(process))
    heap->promote(value);
  return value;
}

// Permanent memory comes from chunks that stay reachable from here (so leak
// checkers see it as used), bump-allocated under a lock.
namespace {

struct PermanentChunk {
  PermanentChunk* previous;
  std::size_t used;
  std::size_t size;
  alignas(16) char memory[];
};

std::mutex permanent_mutex;
PermanentChunk* permanent_chunks = nullptr;

PermanentChunk* new_permanent_chunk(std::size_t size) {
  auto* chunk = static_cast<PermanentChunk*>(std::calloc(1, sizeof(PermanentChunk) + size));
  if (chunk == nullptr)
    std::abort();
  chunk->size = size;
  return chunk;
}

} // namespace

void* allocate_permanent_buffer(std::size_t size) {
  constexpr std::size_t chunk_size = 64 * 1024;
  size = (size + 15) & ~std::size_t{15};
  if (size == 0)
    size = 16;
  std::lock_guard lock(permanent_mutex);
  if (size > chunk_size / 4) {
    // Its own chunk, behind the current one.
    PermanentChunk* chunk = new_permanent_chunk(size);
    chunk->used = size;
    if (permanent_chunks == nullptr) {
      permanent_chunks = chunk;
    } else {
      chunk->previous = permanent_chunks->previous;
      permanent_chunks->previous = chunk;
    }
    return chunk->memory;
  }
  if (permanent_chunks == nullptr || permanent_chunks->size - permanent_chunks->used < size) {
    PermanentChunk* chunk = new_permanent_chunk(chunk_size);
    chunk->previous = permanent_chunks;
    permanent_chunks = chunk;
  }
  void* memory = permanent_chunks->memory + permanent_chunks->used;
  permanent_chunks->used += size;
  return memory;
}

} // namespace inko

extern "C" InkoValue inko_value_make_permanent(InkoProcess* process, InkoValue value) {
  return inko::make_permanent(process, value);
}
