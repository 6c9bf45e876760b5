// MIR construction: a checked Program in, a MIR Program out. This is where
// sends are bound to calls, control-flow messages with literal blocks become
// branches and loops, self tail calls become jumps, captured locals move into
// cells, and classes get their flattened dispatch tables.
#pragma once

#include "check/program.h"
#include "diagnostics/diagnostics.h"
#include "mir/mir.h"

namespace inko::mir {

// Reports constructs code generation does not support yet to `diagnostics`
// (the Program is then incomplete and must not be compiled).
Program build(const check::Program& program, DiagnosticEngine& diagnostics);

} // namespace inko::mir
