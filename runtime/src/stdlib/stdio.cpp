// std::stdio intrinsics beyond the String writes of io/stdio_intrinsics.cpp:
// writing ByteArrays, reading stdin and asking whether stdout is a terminal.
#include "io/output.h"
#include "stdlib/read_bytes.h"
#include "stdlib/support.h"

#include <unistd.h>

using namespace inko;
using namespace inko::stdlib;

namespace {

std::string_view byte_view(InkoProcess* process, InkoValue value) {
  auto* bytes = byte_array_argument(process, value, "bytes to write");
  return std::string_view(reinterpret_cast<const char*>(bytes->bytes), bytes->length);
}

} // namespace

extern "C" {

InkoValue inko_intrinsic_stdout_write_bytes(InkoProcess* process, InkoValue bytes) {
  std::string_view view = byte_view(process, bytes);
  return small_value(static_cast<int64_t>(standard_output().write(view, false)));
}

// stdout's buffer first, as for stderr's String writes (io/stdio_intrinsics).
InkoValue inko_intrinsic_stderr_write_bytes(InkoProcess* process, InkoValue bytes) {
  std::string_view view = byte_view(process, bytes);
  standard_output().flush();
  return small_value(static_cast<int64_t>(standard_error().write(view, false)));
}

// True when stdout is a terminal (std::test colours its output only then).
InkoValue inko_intrinsic_stdout_terminal(InkoProcess*) {
  return boolean_value(::isatty(STDOUT_FILENO) == 1);
}

// Appends up to `size` bytes (everything until end of input when Nil) read
// from stdin to `bytes`; returns the number read, or Nil after an error.
InkoValue inko_intrinsic_stdin_read(InkoProcess* process, InkoValue bytes, InkoValue size,
                                    InkoValue errors) {
  return read_bytes(process, STDIN_FILENO, bytes, size, errors);
}

} // extern "C"
