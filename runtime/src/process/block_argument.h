// Checks of the blocks given to std::process and std::vm. Their parameters
// are typed as blocks, but an unchecked cast (LANGUAGE L87) can pass any
// value, and a `do` closure cast to `lambda` can reach places that need a
// lambda; both must panic (L111) instead of crashing the runtime.
#pragma once

#include "builtins/value.h"
#include "inko/abi.h"
#include "memory/heap.h"

namespace inko {

// A value that is no block does not respond to `call`, which panics like
// any message a value lacks.
inline void require_block(InkoProcess* process, InkoValue value) {
  if (kind_of(value) != INKO_KIND_BLOCK)
    inko_message_not_understood(process, value, "call", 4);
}

// Whether a block can run in another process without its home heap: it
// captures no variables and its self is permanent (a lambda's module).
inline bool lambda_like(InkoValue block) {
  const auto* object = as<const InkoBlock>(block);
  return object->cell_count == 0 && is_permanent(object->self);
}

} // namespace inko
