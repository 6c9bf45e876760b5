// The allocation interface every runtime object goes through. Objects belong
// to the process that allocates them (PROCESSES P1/P25); only that process
// may call these functions for itself.
//
// Contract for users (built-in types, intrinsics):
//   * allocate_object returns zeroed memory of `size` bytes whose header is
//     set to `klass`; the collector finds the object's references from the
//     header's class kind (abi.h InkoKind) and layout (memory/kinds.h says
//     how to describe a kind the collector does not know).
//   * Out-of-object storage (array elements, byte buffers, big-integer
//     limbs) comes from allocate_buffer and is owned by exactly one object;
//     resize it with resize_buffer. The collector frees it with its owner.
//     A kind other than Array and ByteArray that owns a buffer must declare
//     the field (memory/kinds.h, KindHooks::buffer_offset) so that message
//     copies duplicate it.
//   * A value is live while it is reachable from the process's stack,
//     registers, mailbox-owned messages, or another live object. Any
//     allocation may collect: keep values you still need in local variables
//     (the stack is scanned conservatively, so a pointer anywhere in a live
//     frame or register keeps its object, interior pointers included), not
//     only in malloc'ed C++ memory, which is not scanned.
//   * Objects never move.
//   * Permanent objects (INKO_HEADER_PERMANENT: literals, modules, module
//     constants and what they reach) are shared by every process and never
//     collected. A value stored into one must be permanent too: use
//     make_permanent, which promotes it in place. The first buffer of a
//     permanent object comes from allocate_permanent_buffer; resize_buffer
//     keeps a permanent buffer permanent by itself (and never frees it).
#pragma once

#include "inko/abi.h"

#include <cstddef>

namespace inko {

InkoHeader* allocate_object(InkoProcess* process, const InkoClass* klass, std::size_t size);
void* allocate_buffer(InkoProcess* process, std::size_t size);
void* resize_buffer(InkoProcess* process, void* buffer, std::size_t old_size, std::size_t new_size);

// Collects the process's heap now (on its own stack).
void collect(InkoProcess* process);

inline bool is_permanent(InkoValue value) {
  return (value & 1) == 0 &&
         (reinterpret_cast<const InkoHeader*>(value)->flags & INKO_HEADER_PERMANENT) != 0;
}
// Makes `value` permanent where it is, with everything of the process's
// heap it reaches (Heap::promote), and returns it: shared by all processes
// from then on (P8), never collected, its identity kept.
InkoValue make_permanent(InkoProcess* process, InkoValue value);
// Zeroed memory that is never freed, for the buffers of permanent objects.
void* allocate_permanent_buffer(std::size_t size);

} // namespace inko
