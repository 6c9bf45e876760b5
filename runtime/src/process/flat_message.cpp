// Flat messages (flat_message.h). A node carrying one holds the object's
// header (class, flags 0) and slots right after itself, and its value
// points there; nothing else makes a node point into itself.
#include "process/flat_message.h"

#include "memory/heap.h"

#include <cstddef>
#include <cstring>

namespace inko {
namespace {

// Larger objects are rare in messages, and a node this size still leaves
// a slab room for dozens.
constexpr std::uint32_t max_flat_slots = 16;
static_assert(sizeof(InkoObject) + max_flat_slots * sizeof(InkoValue) <= max_message_node_extra);

// Shared rather than copied by a message: an integer, a null pointer or a
// permanent object.
bool is_shared(InkoValue value) {
  return (value & 7) != 0 || value == 0 ||
         (reinterpret_cast<const InkoHeader*>(value)->flags & INKO_HEADER_PERMANENT) != 0;
}

InkoObject* carried_object(const MessageNode* node) {
  return reinterpret_cast<InkoObject*>(const_cast<MessageNode*>(node) + 1);
}

} // namespace

MessageNode* new_flat_message_node(InkoValue message) {
  if (is_shared(message))
    return nullptr;
  auto* object = reinterpret_cast<const InkoObject*>(message);
  const InkoClass* klass = object->header.klass;
  // Other copy rules (files, sockets) have hooks to run; other kinds hold
  // buffers or are traced differently.
  if (klass->kind != INKO_KIND_OBJECT || klass->copy_rule != INKO_COPY_DEEP ||
      klass->slot_count > max_flat_slots)
    return nullptr;
  std::uint32_t slots = klass->slot_count;
  for (std::uint32_t i = 0; i < slots; ++i) {
    if (!is_shared(object->slots[i]))
      return nullptr;
  }
  std::size_t bytes = sizeof(InkoObject) + slots * sizeof(InkoValue);
  MessageNode* node = new_message_node_with_space(bytes);
  InkoObject* copy = carried_object(node);
  copy->header.klass = klass;
  copy->header.flags = 0;
  std::memcpy(copy->slots, object->slots, slots * sizeof(InkoValue));
  node->value = reinterpret_cast<InkoValue>(copy);
  node->fragment = nullptr;
  return node;
}

bool carries_flat_object(const MessageNode* node) {
  return node->value == reinterpret_cast<InkoValue>(carried_object(node));
}

InkoValue receive_flat_object(InkoProcess* receiver, const MessageNode* node) {
  const InkoObject* carried = carried_object(node);
  const InkoClass* klass = carried->header.klass;
  std::size_t slots_bytes = klass->slot_count * sizeof(InkoValue);
  auto* object = reinterpret_cast<InkoObject*>(
      allocate_object(receiver, klass, sizeof(InkoObject) + slots_bytes));
  std::memcpy(object->slots, carried->slots, slots_bytes);
  return reinterpret_cast<InkoValue>(object);
}

} // namespace inko
