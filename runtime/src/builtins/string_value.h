// Making String values (abi.h InkoString). The bytes are an InkoSharedBytes
// block from the C heap (std::malloc), not from a process heap: string
// objects in many processes may share it (PROCESSES P7), so it lives until
// the last reference goes (short strings made by string_value keep their
// bytes in their own cell instead, as message copies do). A new block has one reference, owned by
// the string object created with it; the collector's string finaliser and the message copy count
// references (memory/kinds.h retain_shared_bytes, release_shared_bytes). Literals (references < 0)
// are immortal.
#pragma once

#include "inko/abi.h"
#include "memory/kinds.h"
#include "object/string.h"

#include <cstdint>
#include <string_view>

namespace inko {

// A block of `size` bytes plus the trailing NUL, one reference. The caller
// fills data[0 .. size) before anyone else can see it.
InkoSharedBytes* shared_bytes_new(InkoProcess* process, uint64_t size);

inline void shared_bytes_retain(InkoSharedBytes* bytes) {
  retain_shared_bytes(bytes);
}
inline void shared_bytes_release(InkoSharedBytes* bytes) {
  release_shared_bytes(bytes);
}

// A string object owning `bytes` (new, filled, and the caller's only
// reference, which it takes over). Charges their size to the process's heap
// (Heap::charge_external) and may collect.
InkoValue string_from_shared(InkoProcess* process, InkoSharedBytes* bytes);
// A new string with a copy of `text`, which must be valid UTF-8. Strings of
// at most copied_string_limit bytes keep their bytes in their own cell.
InkoValue string_value(InkoProcess* process, std::string_view text);

inline InkoSharedBytes* shared_bytes_of(InkoValue string) {
  return reinterpret_cast<const InkoString*>(string)->bytes;
}

} // namespace inko
