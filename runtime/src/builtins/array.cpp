// Array intrinsics (LANGUAGE L104, STDLIB std::array).
//
// Growth doubles the capacity through resize_buffer. Reading beyond the
// end gives Nil; writing beyond it pads the gap with Nil.
#include "builtins/array.h"

#include "builtins/index.h"
#include "builtins/value.h"
#include "memory/heap.h"
#include "panic/panic.h"

#include <algorithm>
#include <cstring>

namespace inko {
namespace {

void reserve(InkoProcess* process, InkoArray* array, uint64_t wanted) {
  if (wanted <= array->capacity)
    return;
  if (wanted > (uint64_t{1} << 56) / sizeof(InkoValue))
    panic(process, "Out of memory");
  uint64_t capacity = std::max<uint64_t>({wanted, array->capacity * 2, 4});
  if (array->values == nullptr) {
    // A permanent array (a module constant) needs a permanent buffer;
    // resize_buffer keeps one permanent by itself.
    std::size_t size = capacity * sizeof(InkoValue);
    bool permanent = (array->header.flags & INKO_HEADER_PERMANENT) != 0;
    array->values = static_cast<InkoValue*>(permanent ? allocate_permanent_buffer(size)
                                                      : allocate_buffer(process, size));
  } else {
    array->values = static_cast<InkoValue*>(resize_buffer(
        process, array->values, array->capacity * sizeof(InkoValue), capacity * sizeof(InkoValue)));
  }
  array->capacity = capacity;
}

} // namespace

InkoArray* array_new(InkoProcess* process, uint64_t capacity) {
  auto* array =
      reinterpret_cast<InkoArray*>(allocate_object(process, &inko_class_array, sizeof(InkoArray)));
  array->length = 0;
  array->capacity = 0;
  array->values = nullptr;
  reserve(process, array, capacity);
  return array;
}

// Only for arrays the caller just made (never permanent).
void array_push(InkoProcess* process, InkoArray* array, InkoValue value) {
  reserve(process, array, array->length + 1);
  array->values[array->length++] = value;
}

} // namespace inko

using namespace inko;

extern "C" {

InkoValue inko_array_length(InkoProcess*, InkoValue array) {
  return small_value(static_cast<int64_t>(as<InkoArray>(array)->length));
}

InkoValue inko_array_at(InkoProcess* process, InkoValue value, InkoValue index) {
  auto* array = as<InkoArray>(value);
  uint64_t position = resolve_index(process, index, array->length);
  return position < array->length ? array->values[position] : nil_value();
}

InkoValue inko_array_set(InkoProcess* process, InkoValue value, InkoValue index, InkoValue item) {
  auto* array = as<InkoArray>(value);
  uint64_t position = resolve_index(process, index, array->length);
  // What a permanent array holds must be permanent too (memory/heap.h).
  InkoValue stored = is_permanent(value) ? make_permanent(process, item) : item;
  if (position >= array->length) {
    reserve(process, array, position + 1);
    std::fill(array->values + array->length, array->values + position, nil_value());
    array->length = position + 1;
  }
  array->values[position] = stored;
  return item;
}

// Removes the value at `index`, shifting later values down; Nil if there
// is none.
InkoValue inko_array_remove(InkoProcess* process, InkoValue value, InkoValue index) {
  auto* array = as<InkoArray>(value);
  uint64_t position = resolve_index(process, index, array->length);
  if (position >= array->length)
    return nil_value();
  return remove_element(array->values, array->length, position);
}

InkoValue inko_array_clear(InkoProcess*, InkoValue array) {
  as<InkoArray>(array)->length = 0;
  return nil_value();
}

// Makes room for `additional` more values without changing the length.
InkoValue inko_array_reserve(InkoProcess* process, InkoValue array, InkoValue additional) {
  auto* object = as<InkoArray>(array);
  int64_t extra = is_small(additional) ? small_of(additional) : 0;
  if (extra > 0)
    reserve(process, object, object->length + static_cast<uint64_t>(extra));
  return nil_value();
}

} // extern "C"
