// The deep copy of messages (see message_copy.h): the writer
// (message_writer.h) copies a message into a fragment (message_fragment.h),
// which the receiver adopts or, for a small message, unpacks.
#include "process/message_copy.h"

#include "memory/fields.h"
#include "memory/kinds.h"
#include "memory/process_heap.h"
#include "memory/process_memory.h"
#include "process/message_fragment.h"
#include "process/message_space.h"
#include "process/message_writer.h"
#include "process/process.h"

#include <cstring>

namespace inko {
namespace {

// A fragment with at most this many bytes of cells (and no large object) is
// packed into one malloc'ed buffer when sent and copied into the receiver's
// heap when received, instead of being adopted: a small message would
// otherwise hold a mostly empty block while in a mailbox, and cost the
// receiver one.
constexpr std::size_t adopted_from = 4096;

// Whether `value` is shared rather than copied by a message: an Integer,
// nil pointer or permanent object (what Writer::encode leaves alone).
bool is_shared_field(InkoValue value) {
  return (value & 7) != 0 || value == 0 ||
         (reinterpret_cast<const InkoHeader*>(value)->flags & INKO_HEADER_PERMANENT) != 0;
}

// A message that is one ordinary object whose fields are all shared (the
// tokens and small records most messages are) goes straight into a packed
// fragment: one copy, no blocks, no writer. Null for any other message.
MessageFragment* pack_flat_object(Heap& heap, InkoValue message) {
  Allocation allocation = heap.find_object(message);
  if (!allocation || sizeof(std::uint64_t) + allocation.size > MessageFragment::inline_bytes)
    return nullptr;
  auto* original = reinterpret_cast<InkoHeader*>(message);
  if (kind_of(original) != INKO_KIND_OBJECT || original->klass->copy_rule != INKO_COPY_DEEP)
    return nullptr;
  bool flat = true;
  for_each_field(original, allocation.size,
                 [&](InkoValue& field) { flat = flat && is_shared_field(field); });
  if (!flat)
    return nullptr;
  auto* fragment = new MessageFragment;
  std::uint64_t word = allocation.size;
  std::memcpy(fragment->inline_packed, &word, sizeof(word));
  char* copy = fragment->inline_packed + sizeof(word);
  std::memcpy(copy, original, allocation.size);
  reinterpret_cast<InkoHeader*>(copy)->flags = 0;
  fragment->packed = fragment->inline_packed;
  fragment->packed_bytes = sizeof(word) + allocation.size;
  fragment->cell_bytes = allocation.size;
  fragment->cell_count = 1;
  return fragment;
}

// The message inside an envelope (message_writer.h): the copies' added
// attributes join the receiver's heap's table.
InkoValue open_envelope(Heap& heap, InkoValue root) {
  if ((root & 7) != 0 || root == 0 ||
      reinterpret_cast<const InkoHeader*>(root)->klass != &message_envelope_class)
    return root;
  const auto* envelope = reinterpret_cast<const InkoArray*>(root);
  for (std::size_t i = 1; i + 1 < envelope->length; i += 2)
    heap.added_attributes().set(envelope->values[i], envelope->values[i + 1]);
  if (heap.owner() != nullptr)
    heap.owner()->has_added_attributes = true;
  return envelope->values[0];
}

} // namespace

CopiedMessage copy_message(InkoProcess* sender, InkoValue message) {
  Heap* heap = existing_heap(sender);
  if (heap == nullptr || is_shared_field(message))
    return CopiedMessage{message, nullptr};
  // (A flat object may have attributes added: the writer copies those.)
  MessageFragment* flat =
      heap->added_attributes().empty() ? pack_flat_object(*heap, message) : nullptr;
  if (MessageFragment* fragment = flat)
    return CopiedMessage{
        reinterpret_cast<InkoValue>(fragment->inline_packed + sizeof(std::uint64_t)), fragment};
  Space space;
  InkoValue root = copy_into(sender, heap, message, space);
  MessageFragment* fragment = space.close();
  if (fragment != nullptr && fragment->large.empty() && fragment->cell_bytes <= adopted_from)
    root = pack_fragment(*fragment, root);
  return CopiedMessage{root, fragment};
}

InkoValue adopt_message(InkoProcess* receiver, InkoValue root, MessageFragment* fragment) {
  if (fragment == nullptr)
    return root;
  Heap& heap = heap_of(receiver);
  heap.charge_external(fragment->shared_bytes);
  // Before the fragment joins the heap: a process that only receives
  // allocates nothing else, so this is where its garbage gets collected.
  heap.collect_if_due();
  if (fragment->packed != nullptr) {
    InkoValue value = unpack_fragment(heap, *fragment, root, receiver);
    free_fragment(fragment);
    return open_envelope(heap, value);
  }
  heap.adopt(fragment->blocks, fragment->large.data(), fragment->large.size());
  delete fragment;
  return open_envelope(heap, root);
}

} // namespace inko
