// Intrinsics that code generation expands inline instead of calling the
// runtime: identity comparison, the small-Integer fast paths of integer
// arithmetic (floored division and modulo included), bitwise operations and
// comparisons, and the in-bounds fast paths of Array length, get and set.
// The slow paths (big integers, overflow, division by zero, growing or
// permanent arrays, negative indices) still call the intrinsic's runtime
// symbol.
#pragma once

#include "check/program.h"
#include "codegen/layout.h"

#include <llvm/IR/IRBuilder.h>
#include <vector>

namespace inko::codegen {

// Returns the intrinsic's result, or nullptr when it has no inline form.
llvm::Value* emit_inline_intrinsic(llvm::IRBuilder<>& builder, ObjectEmitter& objects,
                                   llvm::Value* process, check::IntrinsicId id,
                                   const std::vector<llvm::Value*>& arguments);

} // namespace inko::codegen
