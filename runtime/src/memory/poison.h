// AddressSanitizer poisoning of heap cells: free cells are poisoned so that
// a use of collected memory is reported under -DINKO_SANITIZE=address.
// Compiled to nothing in other builds. Only the thread owning the memory
// calls these.
#pragma once

#include "context/sanitizers.h"

#include <cstddef>

namespace inko {

inline void poison([[maybe_unused]] const void* memory, [[maybe_unused]] std::size_t size) {
#ifdef INKO_ASAN
  __asan_poison_memory_region(memory, size);
#endif
}

inline void unpoison([[maybe_unused]] const void* memory, [[maybe_unused]] std::size_t size) {
#ifdef INKO_ASAN
  __asan_unpoison_memory_region(memory, size);
#endif
}

} // namespace inko
