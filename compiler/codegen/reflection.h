// The reflection table std::mirror reads (abi.h inko_reflection_table): for
// every object class, its prototype (the value of `Foo`), its attribute
// names in slot order and the values of the traits it implements.
#pragma once

#include "codegen/layout.h"
#include "mir/mir.h"

#include <llvm/IR/Module.h>

namespace inko::codegen {

void emit_reflection_table(const mir::Program& program, llvm::Module& module,
                           ObjectEmitter& objects);

} // namespace inko::codegen
