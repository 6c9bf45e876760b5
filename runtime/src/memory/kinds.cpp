// The kind table (kinds.h) and the hooks of the runtime's own kinds:
// strings share reference-counted bytes; process references hold a process
// reference (layout: header, then the InkoProcess*, process/intrinsics.cpp).
// Big integers keep their limbs inline (abi.h InkoBigInteger): no references.
#include "memory/kinds.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

extern "C" {
void inko_process_retain(InkoProcess* process);
void inko_process_release(InkoProcess* process);
}

namespace inko {
namespace {

struct ProcessHandle {
  InkoHeader header;
  InkoProcess* process;
};

void finalise_string(InkoHeader* object) {
  release_shared_bytes(reinterpret_cast<InkoString*>(object)->bytes);
}

const char* copied_string(InkoHeader* copy) {
  retain_shared_bytes(reinterpret_cast<InkoString*>(copy)->bytes);
  return nullptr;
}

void finalise_process(InkoHeader* object) {
  if (InkoProcess* process = reinterpret_cast<ProcessHandle*>(object)->process)
    inko_process_release(process);
}

// Files and sockets close their descriptor when collected unless closed
// (close sets it to -1).
void finalise_object(InkoHeader* object) {
  const InkoClass* klass = object->klass;
  if (klass->copy_rule == INKO_COPY_DEEP || klass->descriptor_slot >= klass->slot_count)
    return;
  InkoValue descriptor = reinterpret_cast<InkoObject*>(object)->slots[klass->descriptor_slot];
  if ((descriptor & 1) != 0 && static_cast<std::int64_t>(descriptor) >> 1 >= 0)
    ::close(static_cast<int>(static_cast<std::int64_t>(descriptor) >> 1));
}

const char* copied_process(InkoHeader* copy) {
  if (InkoProcess* process = reinterpret_cast<ProcessHandle*>(copy)->process)
    inko_process_retain(process);
  return nullptr;
}

} // namespace

constexpr KindTable::KindTable() {
  kinds[INKO_KIND_OBJECT].finalise = &finalise_object;
  kinds[INKO_KIND_STRING].finalise = &finalise_string;
  kinds[INKO_KIND_STRING].copied = &copied_string;
  kinds[INKO_KIND_BYTE_ARRAY].buffer_offset = 32;
  kinds[INKO_KIND_PROCESS].finalise = &finalise_process;
  kinds[INKO_KIND_PROCESS].copied = &copied_process;
  unknown.scan_conservatively = true;
}

// Constant-initialised, so set_kind_hooks works from static initialisers
// of other files too.
constinit KindTable kind_table;

void set_kind_hooks(std::uint32_t kind, const KindHooks& hooks) {
  if (kind < max_kinds)
    kind_table.kinds[kind] = hooks;
}

InkoSharedBytes* new_shared_bytes(const char* data, std::uint64_t size) {
  auto* bytes = static_cast<InkoSharedBytes*>(std::malloc(sizeof(InkoSharedBytes) + size + 1));
  if (bytes == nullptr)
    std::abort();
  bytes->references = 1;
  bytes->size = size;
  if (size > 0)
    std::memcpy(bytes->data, data, size);
  bytes->data[size] = '\0';
  return bytes;
}

void retain_shared_bytes(InkoSharedBytes* bytes) {
  if (bytes == nullptr)
    return;
  std::atomic_ref<std::int64_t> references(bytes->references);
  if (references.load(std::memory_order_relaxed) >= 0)
    references.fetch_add(1, std::memory_order_relaxed);
}

void release_shared_bytes(InkoSharedBytes* bytes) {
  if (bytes == nullptr)
    return;
  std::atomic_ref<std::int64_t> references(bytes->references);
  if (references.load(std::memory_order_relaxed) < 0)
    return; // immortal: a literal
  if (references.fetch_sub(1, std::memory_order_acq_rel) == 1)
    std::free(bytes);
}

} // namespace inko
