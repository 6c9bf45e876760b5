// MIR construction: a checked Program in, a MIR Program out. This is where
// sends are bound to calls, control-flow messages with literal blocks become
// branches and loops, and self tail calls become jumps.
#pragma once

#include "check/program.h"
#include "mir/mir.h"

namespace inko::mir {

Program build(const check::Program& program);

} // namespace inko::mir
