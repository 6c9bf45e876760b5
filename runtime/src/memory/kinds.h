// What the collector and the message copy need to know about each object
// kind (abi.h InkoKind) beyond the header: the one out-of-object buffer a
// kind may own, the finaliser that releases what an object holds outside
// the heap, and the hook that takes another reference to it when a message
// copy duplicates the object.
//
// The kinds abi.h lays out (objects, blocks, cells, arrays, strings, floats)
// are traced by the collector itself. For the others builtins/ may describe
// its layout here, once, before the runtime starts processes; afterwards the
// table is only read (from any thread).
#pragma once

#include "inko/abi.h"

#include <atomic>
#include <cstdint>

namespace inko {

struct KindHooks {
  // Byte offset of a field holding a pointer from allocate_buffer (or
  // null) whose bytes hold no InkoValues; 0 when the kind has none.
  // ByteArray's is 32 (docs/values.md: header, length, capacity, bytes).
  std::uint32_t buffer_offset = 0;
  // The collector scans objects of this kind conservatively (every word
  // that points into the heap keeps that memory alive) instead of by
  // layout: for kinds whose layout it does not know.
  bool scan_conservatively = false;
  // Runs when an object of this kind is collected, when its process's heap
  // is freed, and for the copy in a message that is never received.
  void (*finalise)(InkoHeader* object) = nullptr;
  // Runs on the copy of an object put into a message (its bytes already
  // copied): takes the references the copy needs (a string's bytes, a
  // process handle). Returns null, or the panic message of the sender when
  // the object cannot be sent (open files, P7).
  const char* (*copied)(InkoHeader* copy) = nullptr;
};

inline constexpr std::uint32_t max_kinds = 32;

// Every kind's hooks; read through kind_hooks (inline: every allocation
// asks for its finaliser).
struct KindTable {
  KindHooks kinds[max_kinds];
  KindHooks unknown; // the hooks of kinds >= max_kinds
  constexpr KindTable();
};
extern KindTable kind_table;

// The hooks of `kind` (kinds >= max_kinds share a conservative default).
inline const KindHooks& kind_hooks(std::uint32_t kind) {
  return kind < max_kinds ? kind_table.kinds[kind] : kind_table.unknown;
}
// Replaces the hooks of `kind` (< max_kinds). Call before any process runs.
void set_kind_hooks(std::uint32_t kind, const KindHooks& hooks);

inline std::uint32_t kind_of(const InkoHeader* object) {
  return object->klass->kind;
}

// Whether instances of `klass` need their kind's finaliser: the kinds that
// own memory outside the heap, and objects backed by an OS descriptor
// (files and sockets, abi.h InkoCopyRule), which close it when collected.
inline bool needs_finaliser(const InkoClass* klass) {
  if (klass->kind == INKO_KIND_OBJECT)
    return klass->copy_rule != INKO_COPY_DEEP;
  return kind_hooks(klass->kind).finalise != nullptr;
}

// Shared string bytes (abi.h InkoSharedBytes): allocated with std::malloc,
// freed when the last reference goes; negative counts are immortal.
//
// One negative count is special: the bytes of a short string copied into a
// message live in the string's own heap cell, right after the InkoString,
// and go with it (no atomic count to touch per copy, per collection, and no
// cache line shared between the threads of sender and receiver). To
// counting code they are immortal.
inline constexpr std::int64_t heap_bytes_references = INT64_MIN;
// Strings up to this many bytes are copied with a message rather than
// shared (longer ones cost more to copy than the count costs).
inline constexpr std::uint64_t copied_string_limit = 64;

// The count of `bytes`, read as other threads may be changing it.
inline std::int64_t references_of(const InkoSharedBytes* bytes) {
  std::atomic_ref<std::int64_t> references(const_cast<std::int64_t&>(bytes->references));
  return references.load(std::memory_order_relaxed);
}
inline bool in_process_heap(const InkoSharedBytes* bytes) {
  return references_of(bytes) == heap_bytes_references;
}
InkoSharedBytes* new_shared_bytes(const char* data, std::uint64_t size);
void retain_shared_bytes(InkoSharedBytes* bytes);
void release_shared_bytes(InkoSharedBytes* bytes);

} // namespace inko
