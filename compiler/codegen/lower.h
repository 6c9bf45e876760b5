// Lowering: a MIR Program in, an LLVM module out (built with IRBuilder).
// MIR registers become stack slots that mem2reg promotes; MIR blocks become
// LLVM blocks one to one. The program also gets `inko_program_main`, which
// runs every module body in load order (abi.h).
#pragma once

#include "base/source.h"
#include "mir/mir.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace inko::codegen {

// `sources` gives file paths and positions for debug info and traces.
std::unique_ptr<llvm::Module> lower_program(const mir::Program& program,
                                            const SourceManager& sources,
                                            llvm::LLVMContext& context,
                                            const std::string& llvm_triple, bool optimized);

} // namespace inko::codegen
