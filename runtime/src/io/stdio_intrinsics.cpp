// The std::stdio intrinsics declared in abi.h. They may run on any process
// stack and on any thread; the streams serialise writes (io/output.h).
#include "inko/abi.h"
#include "io/output.h"
#include "object/string.h"

namespace {

InkoValue small_integer(std::size_t n) {
  return (static_cast<InkoValue>(n) << 1) | 1;
}

// The small Integer -1: all bits set.
constexpr InkoValue kNotBuffered = ~InkoValue{0};

} // namespace

extern "C" {

InkoValue inko_stdout_print(InkoProcess*, InkoValue string) {
  return small_integer(inko::standard_output().write(inko::string_bytes(string), true));
}

InkoValue inko_stdout_write(InkoProcess*, InkoValue string) {
  return small_integer(inko::standard_output().write(inko::string_bytes(string), false));
}

// -1 when the bytes do not fit the buffer (see OutputStream::write_buffered):
// std::stdio::stdout then writes them from the blocking pool.
InkoValue inko_stdout_buffer_print(InkoProcess*, InkoValue string) {
  std::string_view bytes = inko::string_bytes(string);
  if (!inko::standard_output().write_buffered(bytes, true))
    return kNotBuffered;
  return small_integer(bytes.size() + 1);
}

InkoValue inko_stdout_buffer_write(InkoProcess*, InkoValue string) {
  std::string_view bytes = inko::string_bytes(string);
  if (!inko::standard_output().write_buffered(bytes, false))
    return kNotBuffered;
  return small_integer(bytes.size());
}

// stdout's buffer goes out first, so output sent to both streams keeps its
// order where they meet (`program 2>&1`), as 0.8.1's line-buffered stdout
// did for whole lines.
InkoValue inko_stderr_print(InkoProcess*, InkoValue string) {
  inko::standard_output().flush();
  return small_integer(inko::standard_error().write(inko::string_bytes(string), true));
}

InkoValue inko_stderr_write(InkoProcess*, InkoValue string) {
  inko::standard_output().flush();
  return small_integer(inko::standard_error().write(inko::string_bytes(string), false));
}

InkoValue inko_stdout_flush(InkoProcess*) {
  inko::standard_output().flush();
  return small_integer(0);
}

InkoValue inko_stderr_flush(InkoProcess*) {
  inko::standard_error().flush();
  return small_integer(0);
}
}
