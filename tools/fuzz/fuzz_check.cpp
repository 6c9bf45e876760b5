// libFuzzer target for the checker: the input is the main module's source;
// it is loaded with the real standard library (stdlib/ of the source tree,
// or $INKO_FUZZ_STDLIB) and the implicit prelude, then checked. Any crash,
// hang or sanitizer report in the module graph or the checker is a finding;
// diagnostics are rendered too, so their arguments must be well formed.
//
// The input goes through a private temporary file (entry_file.h). The
// stdlib is parsed once (stdlib_cache.h) but checked again for every input,
// as the checker has no state to share between programs.
#include "check/checker.h"
#include "diagnostics/diagnostics.h"
#include "entry_file.h"
#include "modules/module_graph.h"
#include "stdlib_cache.h"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

using namespace inko;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::EntryFile entry;
  static const fuzz::Stdlib stdlib;
  fuzz::LoadedInput input(stdlib, entry.write(data, size));
  check::Program program = check::check_program(input.graph, input.diagnostics);
  (void)program;
  std::ostringstream rendered;
  input.diagnostics.render(rendered, DiagnosticFormat::Text, true);
  input.diagnostics.render(rendered, DiagnosticFormat::Json, false);
  return 0;
}
