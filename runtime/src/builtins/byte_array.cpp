// ByteArray intrinsics (LANGUAGE L104, STDLIB std::byte_array): bytes in a
// buffer from memory/heap.h owned by the object. Values outside 0..255 and
// writes past the end (other than appending at index == length) panic.
#include "builtins/array.h"
#include "builtins/index.h"
#include "builtins/integer_value.h"
#include "builtins/panic_message.h"
#include "builtins/string_value.h"
#include "builtins/utf8.h"
#include "memory/heap.h"
#include "panic/panic.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace inko {
namespace {

void reserve(InkoProcess* process, InkoByteArray* array, uint64_t wanted) {
  if (wanted <= array->capacity)
    return;
  if (wanted > (uint64_t{1} << 56))
    panic(process, "Out of memory");
  uint64_t capacity = std::max<uint64_t>({wanted, array->capacity * 2, 16});
  if (array->bytes == nullptr) {
    bool permanent = (array->header.flags & INKO_HEADER_PERMANENT) != 0;
    array->bytes = static_cast<uint8_t*>(permanent ? allocate_permanent_buffer(capacity)
                                                   : allocate_buffer(process, capacity));
  } else {
    array->bytes =
        static_cast<uint8_t*>(resize_buffer(process, array->bytes, array->capacity, capacity));
  }
  array->capacity = capacity;
}

uint8_t checked_byte(InkoProcess* process, InkoValue value) {
  if (!is_small(value) || small_of(value) < 0 || small_of(value) > 255) {
    // Only an unchecked cast can bring a non-Integer here.
    std::string message = "The value ";
    if (is_small(value))
      message += std::to_string(small_of(value));
    else if (kind_of(value) == INKO_KIND_INTEGER)
      message += to_string(big_of(value), 10);
    else
      message += "of type " + std::string(as<const InkoHeader>(value)->klass->name);
    message += " is not a valid byte (0..255)";
    panic_with(process, std::move(message));
  }
  return static_cast<uint8_t>(small_of(value));
}

std::string_view bytes_of(const InkoByteArray* array) {
  return std::string_view(reinterpret_cast<const char*>(array->bytes), array->length);
}

} // namespace

InkoByteArray* byte_array_new(InkoProcess* process, std::string_view bytes) {
  auto* array = reinterpret_cast<InkoByteArray*>(
      allocate_object(process, &inko_class_byte_array, sizeof(InkoByteArray)));
  array->length = 0;
  array->capacity = 0;
  array->bytes = nullptr;
  reserve(process, array, bytes.size());
  if (!bytes.empty())
    std::memcpy(array->bytes, bytes.data(), bytes.size());
  array->length = bytes.size();
  return array;
}

} // namespace inko

using namespace inko;

extern "C" {

// ByteArray.new(*bytes): every value must be a byte.
InkoValue inko_byte_array_from_array(InkoProcess* process, InkoValue values) {
  auto* array = as<InkoArray>(values);
  InkoByteArray* bytes = byte_array_new(process, {});
  reserve(process, bytes, array->length);
  for (uint64_t i = 0; i < array->length; ++i)
    bytes->bytes[i] = checked_byte(process, array->values[i]);
  bytes->length = array->length;
  return value_of(bytes);
}

InkoValue inko_byte_array_length(InkoProcess*, InkoValue array) {
  return small_value(static_cast<int64_t>(as<InkoByteArray>(array)->length));
}

InkoValue inko_byte_array_at(InkoProcess* process, InkoValue value, InkoValue index) {
  auto* array = as<InkoByteArray>(value);
  uint64_t position = resolve_index(process, index, array->length);
  return position < array->length ? small_value(array->bytes[position]) : nil_value();
}

InkoValue inko_byte_array_set(InkoProcess* process, InkoValue value, InkoValue index,
                              InkoValue byte) {
  auto* array = as<InkoByteArray>(value);
  uint64_t position = resolve_index(process, index, array->length);
  uint8_t checked = checked_byte(process, byte);
  if (position > array->length) {
    std::string message = "The index " + std::to_string(position);
    message += " is out of bounds for a ByteArray of length " + std::to_string(array->length);
    panic_with(process, std::move(message));
  }
  if (position == array->length) {
    reserve(process, array, position + 1);
    ++array->length;
  }
  array->bytes[position] = checked;
  return byte;
}

InkoValue inko_byte_array_remove(InkoProcess* process, InkoValue value, InkoValue index) {
  auto* array = as<InkoByteArray>(value);
  uint64_t position = resolve_index(process, index, array->length);
  if (position >= array->length)
    return nil_value();
  return small_value(remove_element(array->bytes, array->length, position));
}

InkoValue inko_byte_array_clear(InkoProcess*, InkoValue array) {
  as<InkoByteArray>(array)->length = 0;
  return nil_value();
}

// As Integer's `==`: an argument that is no ByteArray (through Object-typed
// values) is not equal.
InkoValue inko_byte_array_equals(InkoProcess*, InkoValue a, InkoValue b) {
  if (kind_of(b) != INKO_KIND_BYTE_ARRAY)
    return false_value();
  return boolean_value(bytes_of(as<InkoByteArray>(a)) == bytes_of(as<InkoByteArray>(b)));
}

// Up to `length` bytes from `start` (negative from the end) as a new array.
InkoValue inko_byte_array_slice(InkoProcess* process, InkoValue value, InkoValue start,
                                InkoValue length) {
  auto* array = as<InkoByteArray>(value);
  uint64_t count = resolve_length(process, length, "The slice length must be zero or greater");
  uint64_t from = resolve_index(process, start, array->length);
  std::string_view bytes = bytes_of(array);
  if (from >= bytes.size())
    return value_of(byte_array_new(process, {}));
  InkoByteArray* slice = byte_array_new(process, bytes.substr(from, count));
  keep_alive(value);
  return value_of(slice);
}

// The bytes decoded as UTF-8, invalid sequences replaced by U+FFFD.
InkoValue inko_byte_array_to_string(InkoProcess* process, InkoValue array) {
  return string_value(process, utf8::sanitize(bytes_of(as<InkoByteArray>(array))));
}

InkoValue inko_byte_array_drain_to_string(InkoProcess* process, InkoValue array) {
  InkoValue string = inko_byte_array_to_string(process, array);
  as<InkoByteArray>(array)->length = 0;
  return string;
}

} // extern "C"
