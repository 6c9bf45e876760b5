// Access to the bytes of String values (abi.h InkoString). Strings are
// immutable, so any thread holding a reference may read them.
#pragma once

#include "inko/abi.h"

#include <string_view>

namespace inko {

inline std::string_view string_bytes(InkoValue value) {
  auto* string = reinterpret_cast<const InkoString*>(value);
  return std::string_view(string->bytes->data, string->bytes->size);
}

} // namespace inko
