// String intrinsics (LANGUAGE L102, STDLIB std::string): sizes, indexing
// and slicing (characters are Unicode scalar values), comparison,
// concatenation and splitting. Strings never change; every transformation
// makes a new string with new shared bytes.
#include "builtins/argument.h"
#include "builtins/array.h"
#include "builtins/index.h"
#include "builtins/integer_value.h"
#include "builtins/panic_message.h"
#include "builtins/string_value.h"
#include "builtins/utf8.h"
#include "builtins/value.h"
#include "panic/panic.h"

#include <cstring>
#include <string>

namespace inko {
namespace {

constexpr char kNegativeLength[] = "The slice length must be zero or greater";

InkoValue concatenate(InkoProcess* process, std::string_view a, std::string_view b) {
  InkoSharedBytes* bytes = shared_bytes_new(process, a.size() + b.size());
  if (!a.empty())
    std::memcpy(bytes->data, a.data(), a.size());
  if (!b.empty())
    std::memcpy(bytes->data + a.size(), b.data(), b.size());
  return string_from_shared(process, bytes);
}

// Whether `string` and `argument` are both Strings, as for Integer's
// operators (builtins/integer.cpp): a Nil receiver after an unchecked `!`
// (LANGUAGE L88) answers Nil (false), an argument of another type panics.
bool string_operands(InkoProcess* process, InkoValue string, InkoValue argument,
                     std::string_view method) {
  if (kind_of(string) != INKO_KIND_STRING)
    return false;
  if (kind_of(argument) != INKO_KIND_STRING) [[unlikely]]
    argument_type_panic(process, argument, "argument of String." + std::string(method), "a String");
  return true;
}

} // namespace
} // namespace inko

using namespace inko;

extern "C" {

// bytesize
InkoValue inko_string_size(InkoProcess*, InkoValue string) {
  return small_value(static_cast<int64_t>(shared_bytes_of(string)->size));
}

// Unicode scalar values.
InkoValue inko_string_length(InkoProcess*, InkoValue string) {
  return small_value(static_cast<int64_t>(utf8::length(string_bytes(string))));
}

InkoValue inko_string_byte(InkoProcess* process, InkoValue string, InkoValue index) {
  std::string_view text = string_bytes(string);
  uint64_t position = resolve_index(process, index, text.size());
  if (position >= text.size()) {
    // Name the index the program gave: a negative one only reaches here for
    // an empty String, where no index resolves.
    int64_t given = 0;
    integer_fits_int64(index, given); // resolve_index panicked on bigger ones
    std::string message = "The byte index " + std::to_string(given);
    message += " is out of bounds for a String of " + std::to_string(text.size()) + " bytes";
    panic_with(process, std::move(message));
  }
  return small_value(static_cast<unsigned char>(text[position]));
}

// Up to `length` characters from character `start` (negative from the end).
InkoValue inko_string_slice(InkoProcess* process, InkoValue string, InkoValue start,
                            InkoValue length) {
  uint64_t count = resolve_length(process, length, kNegativeLength);
  std::string_view text = string_bytes(string);
  uint64_t characters = utf8::length(text);
  uint64_t from = resolve_index(process, start, characters);
  if (from >= characters || count == 0)
    return string_value(process, "");
  if (characters == text.size()) // ASCII: characters are bytes
    return string_value(process, text.substr(from, count));
  std::size_t begin = utf8::offset_of(text, from);
  std::string_view rest = text.substr(begin);
  std::size_t end = count >= characters ? rest.size() : utf8::offset_of(rest, count);
  return string_value(process, rest.substr(0, end));
}

// Up to `length` bytes from byte `start` (negative from the end).
InkoValue inko_string_slice_bytes(InkoProcess* process, InkoValue string, InkoValue start,
                                  InkoValue length) {
  uint64_t count = resolve_length(process, length, kNegativeLength);
  std::string_view text = string_bytes(string);
  uint64_t from = resolve_index(process, start, text.size());
  if (from >= text.size())
    return value_of(byte_array_new(process, {}));
  InkoByteArray* bytes = byte_array_new(process, text.substr(from, count));
  keep_alive(string);
  return value_of(bytes);
}

InkoValue inko_string_to_byte_array(InkoProcess* process, InkoValue string) {
  InkoByteArray* bytes = byte_array_new(process, string_bytes(string));
  keep_alive(string);
  return value_of(bytes);
}

InkoValue inko_string_starts_with(InkoProcess* process, InkoValue string, InkoValue prefix) {
  if (!string_operands(process, string, prefix, "starts_with?"))
    return nil_value();
  return boolean_value(string_bytes(string).starts_with(string_bytes(prefix)));
}

InkoValue inko_string_ends_with(InkoProcess* process, InkoValue string, InkoValue suffix) {
  if (!string_operands(process, string, suffix, "ends_with?"))
    return nil_value();
  return boolean_value(string_bytes(string).ends_with(string_bytes(suffix)));
}

// As Integer's `==`: an argument that is no String (through Object-typed
// values) is not equal; a Nil receiver compares by identity.
InkoValue inko_string_equals(InkoProcess*, InkoValue a, InkoValue b) {
  if (kind_of(a) != INKO_KIND_STRING || kind_of(b) != INKO_KIND_STRING)
    return boolean_value(a == b);
  if (a == b || shared_bytes_of(a) == shared_bytes_of(b))
    return true_value();
  return boolean_value(string_bytes(a) == string_bytes(b));
}

InkoValue inko_string_concat(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!string_operands(process, a, b, "+"))
    return nil_value();
  // Strings are immutable and their identity is unspecified (L105), so an
  // empty side needs no new string.
  if (shared_bytes_of(b)->size == 0)
    return a;
  if (shared_bytes_of(a)->size == 0)
    return b;
  return concatenate(process, string_bytes(a), string_bytes(b));
}

// One string from an Array of Strings (StringBuffer.to_string), in one
// allocation.
InkoValue inko_string_concat_array(InkoProcess* process, InkoValue strings) {
  auto* array = as<InkoArray>(strings);
  uint64_t size = 0;
  for (uint64_t i = 0; i < array->length; ++i)
    size += string_argument(process, array->values[i], "value to concatenate").size();
  InkoSharedBytes* bytes = shared_bytes_new(process, size);
  char* out = bytes->data;
  for (uint64_t i = 0; i < array->length; ++i) {
    std::string_view piece = string_bytes(array->values[i]);
    if (!piece.empty())
      std::memcpy(out, piece.data(), piece.size());
    out += piece.size();
  }
  return string_from_shared(process, bytes);
}

// STDLIB String.split, 0.8.1 rules: '' gives no pieces; an empty separator
// or one not shorter than the string gives the string itself; a trailing
// separator gives no trailing ''.
InkoValue inko_string_split(InkoProcess* process, InkoValue string, InkoValue separator) {
  if (!string_operands(process, string, separator, "split"))
    return nil_value();
  std::string_view text = string_bytes(string);
  std::string_view needle = string_bytes(separator);
  InkoArray* pieces = array_new(process, 0);
  if (text.empty())
    return value_of(pieces);
  if (needle.empty() || needle.size() >= text.size()) {
    array_push(process, pieces, string);
    return value_of(pieces);
  }
  std::size_t start = 0;
  while (true) {
    std::size_t found = text.find(needle, start);
    if (found == std::string_view::npos)
      break;
    array_push(process, pieces, string_value(process, text.substr(start, found - start)));
    start = found + needle.size();
  }
  if (start < text.size())
    array_push(process, pieces, string_value(process, text.substr(start)));
  keep_alive(string);
  return value_of(pieces);
}

} // extern "C"
