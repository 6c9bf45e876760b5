// Checking the type of intrinsic arguments. A std method can be given a
// value of another type than its signature says (an unchecked cast, L87, a
// message from process.receive, Nil through `!`, L88); reading it as the
// declared type would crash or give garbage, so intrinsics check and panic
// with "The <what> must be a String, not a value of type Integer". The
// checks are inline (one tag test or header load and compare); only the
// panic is out of line.
#pragma once

#include "builtins/value.h"
#include "inko/abi.h"
#include "object/string.h"

#include <string_view>

namespace inko {

// The name of the value's type as Inko code spells it (`Integer` for
// small and big integers alike).
const char* type_name(InkoValue value);

// Panics with "The <what> must be <expected>, not a value of type <T>".
[[noreturn]] void argument_type_panic(InkoProcess* process, InkoValue value, std::string_view what,
                                      std::string_view expected);

inline void require_kind(InkoProcess* process, InkoValue value, InkoKind kind,
                         std::string_view what, std::string_view expected) {
  if (kind_of(value) != kind) [[unlikely]]
    argument_type_panic(process, value, what, expected);
}

inline std::string_view string_argument(InkoProcess* process, InkoValue value,
                                        std::string_view what) {
  require_kind(process, value, INKO_KIND_STRING, what, "a String");
  return string_bytes(value);
}

inline double require_float(InkoProcess* process, InkoValue value, std::string_view what) {
  require_kind(process, value, INKO_KIND_FLOAT, what, "a Float");
  return as<const InkoFloat>(value)->value;
}

inline InkoByteArray* byte_array_argument(InkoProcess* process, InkoValue value,
                                          std::string_view what) {
  require_kind(process, value, INKO_KIND_BYTE_ARRAY, what, "a ByteArray");
  return as<InkoByteArray>(value);
}

inline InkoArray* array_argument(InkoProcess* process, InkoValue value, std::string_view what) {
  require_kind(process, value, INKO_KIND_ARRAY, what, "an Array");
  return as<InkoArray>(value);
}

} // namespace inko
