// Where the InkoValue fields of an object are, for everything that follows
// references (the collector, the message copy): one place to extend when a
// kind with fields is added.
#pragma once

#include "inko/abi.h"
#include "memory/kinds.h"

#include <cstddef>

namespace inko {

// Calls `visit(InkoValue&)` for each field of an object, a block or a
// cell, never reading past `size` bytes; returns false (visiting nothing)
// for every other kind (arrays keep their elements in a buffer).
template <typename Visit>
[[gnu::always_inline]] inline bool for_each_field(InkoHeader* object, std::size_t size,
                                                  Visit&& visit) {
  switch (kind_of(object)) {
  case INKO_KIND_OBJECT: {
    auto* instance = reinterpret_cast<InkoObject*>(object);
    std::size_t slots = object->klass->slot_count;
    if (sizeof(InkoObject) + slots * sizeof(InkoValue) > size)
      slots = (size - sizeof(InkoObject)) / sizeof(InkoValue);
    for (std::size_t i = 0; i < slots; ++i)
      visit(instance->slots[i]);
    return true;
  }
  case INKO_KIND_BLOCK: {
    auto* block = reinterpret_cast<InkoBlock*>(object);
    visit(block->self);
    std::size_t cells = block->cell_count;
    if (sizeof(InkoBlock) + cells * sizeof(InkoValue) > size)
      cells = (size - sizeof(InkoBlock)) / sizeof(InkoValue);
    for (std::size_t i = 0; i < cells; ++i)
      visit(block->cells[i]);
    return true;
  }
  case INKO_KIND_CELL:
    visit(reinterpret_cast<InkoCell*>(object)->value);
    return true;
  default:
    return false;
  }
}

// The buffer field of an object other than an Array, if its kind has one.
inline void** buffer_field(InkoHeader* object, const KindHooks& hooks, std::size_t size) {
  std::uint32_t offset = hooks.buffer_offset;
  if (offset == 0 || offset + sizeof(void*) > size)
    return nullptr;
  return reinterpret_cast<void**>(reinterpret_cast<char*>(object) + offset);
}

} // namespace inko
