// The checker: the module graph in, a checked Program out (LANGUAGE §3-§8).
// Name resolution and type errors are reported to the DiagnosticEngine; the
// Program is only meaningful when no errors were reported.
#pragma once

#include "check/program.h"
#include "diagnostics/diagnostics.h"
#include "modules/module_graph.h"

namespace inko::check {

Program check_program(const modules::ModuleGraph& graph, DiagnosticEngine& diagnostics);

} // namespace inko::check
