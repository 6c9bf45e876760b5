#include "codegen/builtin_hash.h"

#include <algorithm>
#include <llvm/IR/Constants.h>
#include <optional>

namespace inko::codegen {
namespace {

const mir::Class* class_with_symbol(const mir::Program& program, std::string_view symbol) {
  for (const mir::Class& klass : program.classes) {
    if (klass.symbol == symbol)
      return &klass;
  }
  return nullptr;
}

std::optional<mir::FunctionId> method_of(const mir::Class& klass, uint32_t selector) {
  for (auto& [method_selector, function] : klass.methods) {
    if (method_selector == selector)
      return function;
  }
  return std::nullopt;
}

bool builtins_hash_as_object(const mir::Program& program) {
  auto name = std::find(program.selectors.begin(), program.selectors.end(), "hash");
  const mir::Class* object = class_with_symbol(program, "inko_class_object");
  if (name == program.selectors.end() || object == nullptr)
    return false;
  auto selector = static_cast<uint32_t>(name - program.selectors.begin());
  std::optional<mir::FunctionId> object_hash = method_of(*object, selector);
  if (!object_hash)
    return false;
  for (std::string_view symbol : {"inko_class_integer", "inko_class_float", "inko_class_string"}) {
    const mir::Class* klass = class_with_symbol(program, symbol);
    if (klass == nullptr || method_of(*klass, selector) != object_hash)
      return false;
  }
  return true;
}

} // namespace

void define_builtin_hash_flag(const mir::Program& program, llvm::Module& module) {
  llvm::Type* i64 = llvm::Type::getInt64Ty(module.getContext());
  new llvm::GlobalVariable(module, i64, true, llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantInt::get(i64, builtins_hash_as_object(program) ? 1 : 0),
                           "inko_builtin_hash_is_object");
}

} // namespace inko::codegen
