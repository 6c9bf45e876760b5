// std::stdio intrinsics beyond the String writes of io/stdio_intrinsics.cpp:
// writing ByteArrays, reading stdin and asking whether stdout is a terminal.
#include "io/output.h"
#include "stdlib/support.h"

#include <unistd.h>

using namespace inko;
using namespace inko::stdlib;

namespace {

std::string_view byte_view(InkoValue value) {
  auto* bytes = as<InkoByteArray>(value);
  return std::string_view(reinterpret_cast<const char*>(bytes->bytes), bytes->length);
}

} // namespace

extern "C" {

InkoValue inko_intrinsic_stdout_write_bytes(InkoProcess*, InkoValue bytes) {
  return small_value(static_cast<int64_t>(standard_output().write(byte_view(bytes), false)));
}

InkoValue inko_intrinsic_stderr_write_bytes(InkoProcess*, InkoValue bytes) {
  return small_value(static_cast<int64_t>(standard_error().write(byte_view(bytes), false)));
}

// True when stdout is a terminal (std::test colours its output only then).
InkoValue inko_intrinsic_stdout_terminal(InkoProcess*) {
  return boolean_value(::isatty(STDOUT_FILENO) == 1);
}

// Appends up to `size` bytes (everything until end of input when Nil) read
// from stdin to `bytes`; returns the number read, or Nil after an error.
InkoValue inko_intrinsic_stdin_read(InkoProcess* process, InkoValue bytes, InkoValue size,
                                    InkoValue errors) {
  bool bounded = !is_nil(size);
  int64_t wanted = bounded && is_small(size) ? small_of(size) : INT64_MAX;
  if (wanted < 0)
    inko_process_panic_bytes(process, "The number of bytes to read can not be negative", 47);
  int64_t total = 0;
  char chunk[16384];
  while (total < wanted) {
    int64_t want = std::min<int64_t>(wanted - total, sizeof(chunk));
    ssize_t got = ::read(STDIN_FILENO, chunk, static_cast<std::size_t>(want));
    if (got < 0) {
      if (errno == EINTR)
        continue;
      return fail(process, errors, errno);
    }
    if (got == 0)
      break;
    auto* array = as<InkoByteArray>(bytes);
    for (ssize_t i = 0; i < got; ++i) {
      inko_byte_array_set(process, bytes, small_value(static_cast<int64_t>(array->length)),
                          small_value(static_cast<unsigned char>(chunk[i])));
    }
    total += got;
  }
  return small_value(total);
}

} // extern "C"
