// Source positions in the generated code: DWARF (a subprogram per Inko
// function and a line/column on every instruction, so gdb can break on and
// step through Inko source) and the strip-proof function table the
// runtime's stack traces use (abi.h InkoFunctionInfo).
#pragma once

#include "base/source.h"
#include "mir/mir.h"

#include <memory>
#include <vector>

namespace llvm {
class DILocation;
class DISubprogram;
class Function;
class Module;
} // namespace llvm

namespace inko::codegen {

class DebugInfo {
public:
  DebugInfo(llvm::Module& module, const SourceManager& sources, bool optimized);
  ~DebugInfo();

  // Describes `function` (its MIR is `source`) as a subprogram.
  llvm::DISubprogram* describe(llvm::Function& function, const mir::Function& source);
  // The location of `range` inside `scope`; the function's own line when
  // the range is empty.
  llvm::DILocation* location(llvm::DISubprogram* scope, SourceRange range);
  // Defines inko_function_table/inko_function_count for every function that
  // was described.
  void emit_function_table();
  void finalize();

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace inko::codegen
