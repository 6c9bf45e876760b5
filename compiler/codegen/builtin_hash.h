// The program-wide fact the runtime's fused value hashing depends on: do
// Integer, Float and String still hash through Object's `hash` (L105), or
// has the program replaced it by reopening one of them (L54)?
#pragma once

#include "mir/mir.h"

#include <llvm/IR/Module.h>

namespace inko::codegen {

// Defines `inko_builtin_hash_is_object` (abi.h): 1 when the three classes
// dispatch `hash` to Object's method, else 0.
void define_builtin_hash_flag(const mir::Program& program, llvm::Module& module);

} // namespace inko::codegen
