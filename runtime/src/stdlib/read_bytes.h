// Reading a file descriptor into a ByteArray, shared by std::fs and
// std::stdio's stdin.
#pragma once

#include "inko/abi.h"

namespace inko::stdlib {

// Appends up to `size` bytes (everything until end of input when Nil) read
// from `fd` to `bytes`; returns the number read, or Nil after an error
// (pushed onto `errors`). A negative `size` panics.
InkoValue read_bytes(InkoProcess* process, int fd, InkoValue bytes, InkoValue size,
                     InkoValue errors);

} // namespace inko::stdlib
