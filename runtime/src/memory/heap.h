// The allocation interface every runtime object goes through. Objects belong
// to the process that allocates them (PROCESSES P1/P25); only that process
// may call these functions for itself.
//
// Contract for users (built-in types, intrinsics):
//   * allocate_object returns zeroed memory of `size` bytes whose header is
//     set to `klass`; the collector finds the object's references from the
//     header's class kind (abi.h InkoKind) and layout.
//   * Out-of-object storage (array elements, byte buffers, big-integer
//     limbs) comes from allocate_buffer and is owned by exactly one object;
//     resize it with resize_buffer. The collector frees it with its owner.
//   * A value is live while it is reachable from the process's stack,
//     registers, mailbox-owned messages, or another live object.
#pragma once

#include "inko/abi.h"

#include <cstddef>

namespace inko {

InkoHeader* allocate_object(InkoProcess* process, const InkoClass* klass, std::size_t size);
void* allocate_buffer(InkoProcess* process, std::size_t size);
void* resize_buffer(InkoProcess* process, void* buffer, std::size_t old_size, std::size_t new_size);

} // namespace inko
