// Lowering: a checked Program in, an LLVM module out (built with IRBuilder).
// Every Inko method becomes a function
//   i64 (ptr process, i64 self, i64 arguments...)
// over the value encoding of runtime/include/inko/abi.h, and the program
// defines `inko_program_main`, which runs every module body in load order.
#pragma once

#include "check/program.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace inko::codegen {

std::unique_ptr<llvm::Module> lower_program(const check::Program& program,
                                            llvm::LLVMContext& context,
                                            const std::string& llvm_triple);

} // namespace inko::codegen
