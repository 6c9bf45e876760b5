// The runtime's view of classes: the layout is part of the ABI (abi.h).
// Classes are permanent and immutable, so any thread may read them at any
// time.
#pragma once

#include "inko/abi.h"

namespace inko {

// The dispatch table of the runtime's internal classes (process references,
// cells): empty, so a message that reaches one of their values (through
// reflection, say) finds no method and ends in the message-not-understood
// panic instead of reading a null table.
inline constexpr InkoMethodEntry no_methods[1] = {{0, nullptr}};

} // namespace inko
