// The out-of-line functions that send a message by name for a guarded
// static call whose receiver is not of the callee's class (docs/values.md,
// "Receivers of static calls"): the receiver's own method of that name if
// it takes the call's arguments, Nil's answer for Nil, `unknown_message`
// for objects that define it (L59), else Nil.
#pragma once

#include "codegen/layout.h"
#include "mir/mir.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>
#include <unordered_map>
#include <vector>

namespace inko::codegen {

class ByNameSends {
public:
  // `functions` are the LLVM functions of the MIR functions (null when
  // unreachable), as the class tables use them.
  ByNameSends(const mir::Program& program, llvm::Module& module, ObjectEmitter& objects,
              const std::vector<llvm::Function*>& functions);

  // The function sending `selector` with `argument_count` values, the
  // receiver first. A caller that ignores the status (its static callee can
  // not unwind) gets a variant that panics on a throw or non-local return
  // instead of returning it as a value.
  llvm::Function* get(uint32_t selector, uint32_t argument_count, bool caller_checks_status);

private:
  // Emits at `builder`'s position: when `method` (found for `selector`) is
  // one of the program's methods of that name that takes another number of
  // values than `argument_count`, panic naming both counts. Nothing when
  // every method of that name agrees.
  void check_arity(llvm::IRBuilder<>& builder, llvm::Value* method, llvm::Value* process,
                   llvm::Value* receiver, uint32_t selector, uint32_t argument_count);
  llvm::Function* define(uint32_t selector, uint32_t argument_count, bool caller_checks_status);
  // Reachable methods named like `selector` that take another number of
  // values than `argument_count`, grouped by their parameter count.
  std::vector<std::pair<uint32_t, std::vector<llvm::Function*>>>
  other_arities(uint32_t selector, uint32_t argument_count);
  llvm::FunctionType* function_type(uint32_t argument_count);
  // {value, status} (process, receiver, name String, count, values): the
  // answer when the receiver has no method of that name.
  llvm::Function* send_missing();
  // `const char* name` of the selector, for panic messages.
  llvm::Constant* name_text(uint32_t selector);

  const mir::Program& program_;
  llvm::Module& module_;
  ObjectEmitter& objects_;
  const std::vector<llvm::Function*>& functions_;
  // (selector << 33 | argument count << 1 | caller_checks_status) -> function.
  std::unordered_map<uint64_t, llvm::Function*> defined_;
  // selector -> the reachable functions in any class table under it.
  std::unordered_map<uint32_t, std::vector<mir::FunctionId>> methods_by_selector_;
  bool indexed_ = false;
  llvm::Function* send_missing_ = nullptr;
  std::unordered_map<uint32_t, llvm::Constant*> name_texts_;
};

} // namespace inko::codegen
