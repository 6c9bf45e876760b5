// Allocation of the objects generated code creates: instances, Floats,
// cells, blocks and arrays.
//
// Every function here is called by the process that will own the object;
// memory comes from memory/heap.h.
#include "memory/fast_allocate.h"
#include "memory/heap.h"
#include "object/class.h"
#include "panic/panic.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

template <typename T>
T* allocate(InkoProcess* process, const InkoClass* klass, std::size_t size = sizeof(T)) {
  return reinterpret_cast<T*>(inko::allocate_object(process, klass, size));
}

// The internal class of cells; never visible to Inko code.
const InkoClass cell_class = {"Cell", INKO_KIND_CELL, 0, 0, inko::no_methods, INKO_COPY_DEEP, 0};

} // namespace

extern "C" {

InkoValue inko_object_allocate(InkoProcess* process, const InkoClass* klass) {
  std::uint32_t slot_count = klass->slot_count;
  std::size_t size = sizeof(InkoObject) + sizeof(InkoValue) * slot_count;
  return inko::allocate_filled<InkoObject>(process, klass, size, [slot_count](InkoObject* object) {
    // Attributes that are never assigned read as Nil (L52).
    for (std::uint32_t i = 0; i < slot_count; ++i)
      object->slots[i] = reinterpret_cast<InkoValue>(&inko_nil);
  });
}

InkoValue inko_float_new(InkoProcess* process, double value) {
  return inko::allocate_filled<InkoFloat>(process, &inko_class_float, sizeof(InkoFloat),
                                          [value](InkoFloat* object) { object->value = value; });
}

InkoValue inko_cell_new(InkoProcess* process, InkoValue value) {
  return inko::allocate_filled<InkoCell>(process, &cell_class, sizeof(InkoCell),
                                         [value](InkoCell* cell) { cell->value = value; });
}

InkoValue inko_block_new(InkoProcess* process, void* function, InkoValue self, uint64_t home_token,
                         uint64_t cell_count) {
  std::size_t size = sizeof(InkoBlock) + sizeof(InkoValue) * cell_count;
  return inko::allocate_filled<InkoBlock>(process, &inko_class_block, size, [=](InkoBlock* block) {
    block->function = function;
    block->self = self;
    block->home_token = home_token;
    block->cell_count = cell_count;
    // Generated code stores the captured cells next.
    for (uint64_t i = 0; i < cell_count; ++i)
      block->cells[i] = 0;
  });
}

InkoValue inko_array_from_values(InkoProcess* process, uint64_t count, const InkoValue* values) {
  auto* array = allocate<InkoArray>(process, &inko_class_array);
  array->length = count;
  array->capacity = count;
  array->values = nullptr;
  if (count > 0) {
    array->values =
        static_cast<InkoValue*>(inko::allocate_buffer(process, sizeof(InkoValue) * count));
    std::memcpy(array->values, values, sizeof(InkoValue) * count);
  }
  return reinterpret_cast<InkoValue>(array);
}

InkoValue inko_array_from_given_values(InkoProcess* process, uint64_t count,
                                       const InkoValue* values) {
  // A send has at most 255 arguments (L120).
  InkoValue given[256];
  uint64_t length = 0;
  for (uint64_t i = 0; i < count && length < 256; ++i) {
    if (values[i] != 0)
      given[length++] = values[i];
  }
  return inko_array_from_values(process, length, given);
}

} // extern "C"

// compiler/codegen/layout.h hard-codes these offsets.
static_assert(offsetof(InkoProcessHot, stack_limit) == 0);
static_assert(offsetof(InkoProcessHot, reductions) == 8);
static_assert(offsetof(InkoProcessHot, unwind_target) == 16);
static_assert(offsetof(InkoProcessHot, frame_counter) == 24);
static_assert(offsetof(InkoProcessHot, home_frames) == 32);
static_assert(offsetof(InkoHomeFrame, outer) == 8);
static_assert(offsetof(InkoObject, slots) == 16);
static_assert(offsetof(InkoCell, value) == 16);
static_assert(offsetof(InkoBlock, function) == 16);
static_assert(offsetof(InkoBlock, self) == 24);
static_assert(offsetof(InkoBlock, home_token) == 32);
static_assert(offsetof(InkoBlock, cell_count) == 40);
static_assert(offsetof(InkoBlock, cells) == 48);
static_assert(offsetof(InkoHeader, flags) == 8);
static_assert(offsetof(InkoArray, length) == 16);
static_assert(offsetof(InkoArray, capacity) == 24);
static_assert(offsetof(InkoArray, values) == 32);
static_assert(offsetof(InkoClass, method_mask) == 16);
static_assert(offsetof(InkoClass, methods) == 24);
