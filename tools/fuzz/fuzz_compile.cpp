// libFuzzer target for the back half of the compiler: the input is the main
// module's source, loaded with the real standard library and the implicit
// prelude like `inkoc build` does (stdlib_cache.h). Inputs that check without errors are
// lowered to MIR and then to an LLVM module, which must verify; no object
// is emitted. A crash, a sanitizer report, an `internal error` diagnostic
// from the MIR builder or a module that does not verify is a finding: a
// valid program must compile (or get a clear diagnostic from the checker).
#include "check/checker.h"
#include "codegen/lower.h"
#include "codegen/target.h"
#include "diagnostics/diagnostics.h"
#include "entry_file.h"
#include "mir/build.h"
#include "modules/module_graph.h"
#include "stdlib_cache.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <sstream>
#include <string>

namespace {

using namespace inko;

[[noreturn]] void report_finding(const char* what, const std::string& details) {
  std::cerr << "fuzz_compile: " << what << ":\n" << details << '\n';
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::EntryFile entry;
  static const fuzz::Stdlib stdlib;
  fuzz::LoadedInput input(stdlib, entry.write(data, size));
  DiagnosticEngine& diagnostics = input.diagnostics;
  // -1 keeps inputs that do not check out of the corpus: mutating valid
  // programs is what reaches MIR building and lowering (without it ~99% of
  // the corpus stopped at the checker).
  if (diagnostics.has_errors())
    return -1;
  check::Program program = check::check_program(input.graph, diagnostics);
  if (diagnostics.has_errors())
    return -1;
  mir::Program mir_program = mir::build(program, diagnostics);
  if (diagnostics.has_errors()) {
    // The checker accepted the program, so the back half must handle it.
    std::ostringstream rendered;
    diagnostics.render(rendered, DiagnosticFormat::Text, false);
    report_finding("MIR building rejected a checked program", rendered.str());
  }
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = codegen::lower_program(
      mir_program, input.sources, context, codegen::host_target().llvm_triple, false);
  std::string verify_errors;
  llvm::raw_string_ostream verify_stream(verify_errors);
  if (llvm::verifyModule(*module, &verify_stream))
    report_finding("the LLVM module does not verify", verify_errors);
  return 0;
}
