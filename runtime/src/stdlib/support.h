// Helpers shared by the std module intrinsics in this folder: reading and
// making Strings, Floats and Arrays, and reporting OS errors to Inko code.
//
// Intrinsics that can fail take an `errors` Array as their last argument:
// on failure they push the OS error description onto it and return Nil, and
// the std module turns that into a thrown StandardError.
#pragma once

#include "builtins/argument.h"
#include "builtins/array.h"
#include "builtins/string_value.h"
#include "builtins/utf8.h"
#include "builtins/value.h"
#include "inko/abi.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

namespace inko::stdlib {

// Text from the OS (file names, environment variables, arguments, socket
// paths, C strings) may be any bytes, but Strings are always valid UTF-8
// (L102): invalid sequences become U+FFFD, as 0.8.1's to_string_lossy did.
inline InkoValue string(InkoProcess* process, std::string_view text) {
  bool ascii = true;
  for (char byte : text)
    ascii = ascii && static_cast<unsigned char>(byte) < 0x80;
  if (ascii)
    return string_value(process, text);
  return string_value(process, utf8::sanitize(text));
}

// A NUL-terminated copy of a String's bytes (Inko strings may contain NUL).
inline std::string c_string(InkoValue value) {
  return std::string(string_bytes(value));
}

// c_string of an argument the program could have given another type
// (builtins/argument.h): panics "The <what> must be a String, ...".
inline std::string c_string(InkoProcess* process, InkoValue value, std::string_view what) {
  return std::string(string_argument(process, value, what));
}

inline double float_of(InkoValue value) {
  return as<InkoFloat>(value)->value;
}

inline InkoValue float_value(InkoProcess* process, double value) {
  return inko_float_new(process, value);
}

// Pushes the description of `error` (an errno value) onto `errors` and
// returns Nil.
inline InkoValue fail(InkoProcess* process, InkoValue errors, int error) {
  InkoValue message = string(process, std::strerror(error));
  array_push(process, as<InkoArray>(errors), message);
  return nil_value();
}

} // namespace inko::stdlib
