// Which functions a program can run: those reachable from the module
// bodies through static calls, block creation, and dispatch-table entries
// for messages that reachable code sends dynamically. Everything else in
// the standard library is left out of the executable (and need not link).
#pragma once

#include "mir/mir.h"

namespace inko::mir {

// Sets Function::reachable and drops unreachable entries from class tables.
void mark_reachable(Program& program);

} // namespace inko::mir
