// Memory for the stack-trace indexes, taken straight from mmap: malloc is
// not async-signal-safe, and the indexes are built at the first panic,
// which may be a stack overflow reported from a signal handler. Memory is
// never returned (the indexes live until the program ends).
#pragma once

#include <cstddef>

namespace inko {

// Zeroed memory for `size` bytes, or nullptr. Pages are reserved lazily
// (MAP_NORESERVE): only the touched ones cost memory.
void* map_pages(std::size_t size);

// A bump allocator over map_pages; one thread at a time.
class PageArena {
public:
  void* allocate(std::size_t size, std::size_t alignment = 16);
  // A NUL-terminated copy of the concatenation of the parts.
  const char* join(const char* first, const char* separator, const char* second);

private:
  char* chunk_ = nullptr;
  std::size_t used_ = 0;
  std::size_t capacity_ = 0;
};

} // namespace inko
