// Where the InkoValue fields of an object are, for everything that follows
// references (the collector, promotion, the message copy): one place to
// extend when a kind with fields is added.
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

// Kinds whose objects reference nothing a tracer must follow: strings keep
// heap-owned bytes in their own cell (memory/kinds.h).
inline bool kind_references_nothing(std::uint32_t kind) {
  switch (kind) {
  case INKO_KIND_STRING:
  case INKO_KIND_FLOAT:
  case INKO_KIND_BOOLEAN:
  case INKO_KIND_NIL:
  case INKO_KIND_MODULE:
  case INKO_KIND_PROCESS:
    return true;
  default:
    return false;
  }
}

// Follows the references of one object of `size` bytes by its kind, as the
// collector and promotion do (they differ only in what following means):
//   tracer.value(InkoValue)                  each field
//   tracer.array(InkoArray*)                 an array (buffer and elements)
//   tracer.buffer(void*)                     a kind's non-null byte buffer
//   tracer.range(const char*, const char*)   memory of unknown layout, to
//                                            scan conservatively
template <typename Tracer>
[[gnu::always_inline]] inline void trace_references(InkoHeader* object, std::size_t size,
                                                    Tracer& tracer) {
  char* bytes = reinterpret_cast<char*>(object);
  if (object->klass == nullptr) {
    tracer.range(bytes, bytes + size);
    return;
  }
  if (for_each_field(object, size, [&tracer](InkoValue& field) { tracer.value(field); }))
    return;
  std::uint32_t kind = kind_of(object);
  if (kind == INKO_KIND_ARRAY) {
    tracer.array(reinterpret_cast<InkoArray*>(object));
    return;
  }
  if (kind_references_nothing(kind))
    return;
  const KindHooks& hooks = kind_hooks(kind);
  if (hooks.scan_conservatively)
    tracer.range(bytes + sizeof(InkoHeader), bytes + size);
  else if (void** buffer = buffer_field(object, hooks, size); buffer != nullptr && *buffer)
    tracer.buffer(*buffer);
}

} // namespace inko
