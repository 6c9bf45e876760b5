// The process's resident memory, for tests that bound memory use.
#pragma once

#include <cstddef>
#include <cstdio>
#include <unistd.h>

namespace inko::testing {

// Resident bytes from /proc/self/statm (0 when it cannot be read).
inline std::size_t resident_bytes() {
  std::FILE* file = std::fopen("/proc/self/statm", "r");
  unsigned long pages = 0, resident = 0;
  if (file != nullptr) {
    if (std::fscanf(file, "%lu %lu", &pages, &resident) != 2)
      resident = 0;
    std::fclose(file);
  }
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

} // namespace inko::testing
