// See page_memory.h.
#include "panic/page_memory.h"

#include <cstring>
#include <sys/mman.h>

namespace inko {

void* map_pages(std::size_t size) {
  if (size == 0)
    size = 1;
  void* memory = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return memory == MAP_FAILED ? nullptr : memory;
}

void* PageArena::allocate(std::size_t size, std::size_t alignment) {
  std::size_t start = (used_ + alignment - 1) & ~(alignment - 1);
  if (chunk_ == nullptr || start + size > capacity_) {
    constexpr std::size_t chunk_size = 1 << 20;
    std::size_t capacity = size > chunk_size ? size : chunk_size;
    auto* chunk = static_cast<char*>(map_pages(capacity));
    if (chunk == nullptr)
      return nullptr;
    chunk_ = chunk;
    capacity_ = capacity;
    start = 0;
  }
  used_ = start + size;
  return chunk_ + start;
}

const char* PageArena::join(const char* first, const char* separator, const char* second) {
  std::size_t a = std::strlen(first), b = std::strlen(separator), c = std::strlen(second);
  auto* text = static_cast<char*>(allocate(a + b + c + 1, 1));
  if (text == nullptr)
    return second;
  std::memcpy(text, first, a);
  std::memcpy(text + a, separator, b);
  std::memcpy(text + a + b, second, c);
  text[a + b + c] = '\0';
  return text;
}

} // namespace inko
