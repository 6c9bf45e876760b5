// Arrays and byte arrays for other built-ins (String.split, slice_bytes,
// to_byte_array). Both keep their elements in a buffer from memory/heap.h
// owned by the array object; only the owning process touches them.
#pragma once

#include "inko/abi.h"

#include <cstdint>
#include <string_view>

namespace inko {

// An empty Array with room for `capacity` values.
InkoArray* array_new(InkoProcess* process, uint64_t capacity);
void array_push(InkoProcess* process, InkoArray* array, InkoValue value);

// A ByteArray holding a copy of `bytes`.
InkoByteArray* byte_array_new(InkoProcess* process, std::string_view bytes);

} // namespace inko
