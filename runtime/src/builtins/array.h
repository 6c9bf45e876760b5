// Arrays and byte arrays for other built-ins (String.split, slice_bytes,
// to_byte_array). Both keep their elements in a buffer from memory/heap.h
// owned by the array object; only the owning process touches them.
#pragma once

#include "inko/abi.h"

#include <cstdint>
#include <cstring>
#include <string_view>

namespace inko {

// An empty Array with room for `capacity` values.
InkoArray* array_new(InkoProcess* process, uint64_t capacity);
void array_push(InkoProcess* process, InkoArray* array, InkoValue value);

// A ByteArray holding a copy of `bytes`.
InkoByteArray* byte_array_new(InkoProcess* process, std::string_view bytes);

// Removes and returns the element at `position` (below `length`) of an
// Array's or ByteArray's buffer, moving the later elements down.
template <typename Element>
Element remove_element(Element* elements, uint64_t& length, uint64_t position) {
  Element removed = elements[position];
  std::memmove(elements + position, elements + position + 1,
               (length - position - 1) * sizeof(Element));
  --length;
  return removed;
}

} // namespace inko
