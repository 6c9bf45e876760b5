// Lowering: a MIR Program in, an LLVM module out (built with IRBuilder).
// MIR registers become stack slots that mem2reg promotes; MIR blocks become
// LLVM blocks one to one. The program also gets `inko_program_main`, which
// runs every module body in load order (abi.h).
#pragma once

#include "mir/mir.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace inko::codegen {

std::unique_ptr<llvm::Module> lower_program(const mir::Program& program, llvm::LLVMContext& context,
                                            const std::string& llvm_triple);

} // namespace inko::codegen
