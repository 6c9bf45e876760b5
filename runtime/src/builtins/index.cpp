// Index and length arguments (index.h).
#include "builtins/index.h"

#include "builtins/argument.h"
#include "builtins/integer_value.h"
#include "builtins/panic_message.h"
#include "panic/panic.h"

#include <string>

namespace inko {

void require_integer(InkoProcess* process, InkoValue value, const char* what) {
  require_kind(process, value, INKO_KIND_INTEGER, what, "an Integer");
}

uint64_t resolve_index(InkoProcess* process, InkoValue index, uint64_t length) {
  int64_t value;
  require_integer(process, index, "index");
  if (!integer_fits_int64(index, value)) {
    std::string message = "The index " + to_string(big_of(index), 10);
    message += " is outside the 64-bit range";
    panic_with(process, std::move(message));
  }
  if (value >= 0)
    return static_cast<uint64_t>(value);
  if (length == 0)
    return 0;
  // Floored modulo: the result is in 0 .. length - 1.
  auto n = static_cast<__int128>(length);
  __int128 remainder = static_cast<__int128>(value) % n;
  if (remainder < 0)
    remainder += n;
  return static_cast<uint64_t>(remainder);
}

uint64_t resolve_length(InkoProcess* process, InkoValue length, const char* negative_message) {
  require_integer(process, length, "length");
  if (integer_is_negative(length))
    panic(process, negative_message);
  int64_t value;
  if (!integer_fits_int64(length, value))
    return UINT64_MAX;
  return static_cast<uint64_t>(value);
}

} // namespace inko
