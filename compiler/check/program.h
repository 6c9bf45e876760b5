// The checked program: the checker's output and code generation's input.
// Every expression has a type and every send is bound to one method or one
// runtime intrinsic. All data lives in arrays indexed by typed ids.
#pragma once

#include "base/source.h"
#include "modules/module_graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace inko::check {

using modules::ModuleId;
using TypeId = uint32_t;
using MethodId = uint32_t;
using ExprId = uint32_t;
using LocalId = uint32_t;

enum class IntrinsicId : uint16_t {
#define INTRINSIC(name, inko_name, symbol, result, ...) name,
#include "check/intrinsics.def"
};

// The built-in types come first in Program::types, in this order.
enum class BuiltinType : TypeId { Any, Never, Nil, Integer, String, Count };

enum class TypeKind : uint8_t { Builtin, Module };

struct Type {
  TypeKind kind;
  std::string name; // as a user writes it
  ModuleId module = modules::kNoModule;
};

enum class ExprKind : uint8_t {
  StringLiteral,  // value: index into Program::strings
  IntegerLiteral, // integer: the value
  Local,          // value: LocalId
  ModuleRef,      // value: ModuleId
  CallMethod,     // value: MethodId; operands: [receiver, arguments...]
  CallIntrinsic,  // value: IntrinsicId; operands: arguments
};

struct Expr {
  ExprKind kind;
  TypeId type;
  SourceRange range;
  uint32_t value = 0;
  int64_t integer = 0;
  uint32_t operands_begin = 0;
  uint32_t operands_count = 0;
};

struct Local {
  std::string name;
  TypeId type;
};

struct Method {
  std::string name;
  ModuleId module;
  // The module's top-level code is a method too: it has no parameters and
  // no result, and the module initialiser calls it.
  bool is_module_body = false;
  std::vector<LocalId> params;
  TypeId return_type = static_cast<TypeId>(BuiltinType::Nil);
  std::vector<ExprId> body;
  SourceRange range;
};

struct Module {
  std::string name;
  TypeId type;
  MethodId body;
  std::vector<MethodId> methods;
};

struct Program {
  std::vector<Type> types;
  std::vector<Module> modules; // indexed by ModuleId, as in the ModuleGraph
  std::vector<Method> methods;
  std::vector<Expr> exprs;
  std::vector<ExprId> operands;
  std::vector<Local> locals;
  std::vector<std::string> strings;
  std::vector<ModuleId> init_order; // dependencies first, main last
  ModuleId main = modules::kNoModule;

  ExprId operand(const Expr& expr, uint32_t index) const {
    return operands[expr.operands_begin + index];
  }
};

struct IntrinsicInfo {
  std::string_view inko_name;
  std::string_view symbol;
  BuiltinType result;
  std::vector<BuiltinType> params;
};

const IntrinsicInfo& intrinsic_info(IntrinsicId id);

} // namespace inko::check
