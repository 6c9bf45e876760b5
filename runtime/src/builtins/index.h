// Index arguments of String, Array and ByteArray operations (L102, L104):
// a negative index counts from the end (floored modulo of the length, so -4
// on 3 values is 2); an index outside the 64-bit range panics.
#pragma once

#include "inko/abi.h"

#include <cstdint>

namespace inko {

// Panics with "The <what> must be an Integer, not a value of type <T>"
// unless `value` is an Integer (a message cast to the wrong type, L87,
// must never be read as one).
void require_integer(InkoProcess* process, InkoValue value, const char* what);

// The index as a position >= 0 (possibly >= length). With length 0 a
// negative index resolves to 0.
uint64_t resolve_index(InkoProcess* process, InkoValue index, uint64_t length);

// A length argument (slices): panics with `negative_message` below zero;
// lengths beyond the 64-bit range are treated as "everything".
uint64_t resolve_length(InkoProcess* process, InkoValue length, const char* negative_message);

} // namespace inko
