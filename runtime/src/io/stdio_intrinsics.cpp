// The std::stdio intrinsics declared in abi.h. They may run on any process
// stack and on any thread; the streams serialise writes (io/output.h).
#include "inko/abi.h"
#include "io/output.h"
#include "object/string.h"

namespace {

InkoValue small_integer(std::size_t n) {
  return (static_cast<InkoValue>(n) << 1) | 1;
}

} // namespace

extern "C" {

InkoValue inko_stdout_print(InkoProcess*, InkoValue string) {
  return small_integer(inko::standard_output().write(inko::string_bytes(string), true));
}

InkoValue inko_stdout_write(InkoProcess*, InkoValue string) {
  return small_integer(inko::standard_output().write(inko::string_bytes(string), false));
}

InkoValue inko_stderr_print(InkoProcess*, InkoValue string) {
  return small_integer(inko::standard_error().write(inko::string_bytes(string), true));
}

InkoValue inko_stderr_write(InkoProcess*, InkoValue string) {
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
