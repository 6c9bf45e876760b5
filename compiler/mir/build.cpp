#include "mir/build.h"

namespace inko::mir {
namespace {

using check::ExprId;
using check::ExprKind;

class FunctionBuilder {
public:
  FunctionBuilder(const check::Program& checked, Function& function)
      : checked_(checked), function_(function) {}

  void build(const check::Method& method) {
    function_.registers.push_back({"self"});
    for (check::LocalId param : method.params) {
      local_registers_.emplace_back(param, new_register(checked_.locals[param].name));
    }
    function_.param_count = static_cast<uint32_t>(method.params.size());
    current_ = new_block();
    RegisterId last = kNone;
    for (ExprId expr : method.body)
      last = lower(expr);
    Terminator& end = function_.blocks[current_].terminator;
    end.kind = TerminatorKind::Return;
    end.location = method.range;
    if (method.is_module_body || last == kNone) {
      end.value = emit_singleton(Singleton::Nil, method.range);
    } else {
      end.value = last;
    }
  }

private:
  RegisterId new_register(std::string name = {}) {
    function_.registers.push_back({std::move(name)});
    return static_cast<RegisterId>(function_.registers.size() - 1);
  }

  BlockId new_block() {
    function_.blocks.emplace_back();
    return static_cast<BlockId>(function_.blocks.size() - 1);
  }

  RegisterId emit(Instruction instruction, const std::vector<RegisterId>& arguments = {}) {
    instruction.dst = new_register();
    instruction.args_begin = static_cast<uint32_t>(function_.arguments.size());
    instruction.args_count = static_cast<uint32_t>(arguments.size());
    function_.arguments.insert(function_.arguments.end(), arguments.begin(), arguments.end());
    function_.blocks[current_].instructions.push_back(
        static_cast<uint32_t>(function_.instructions.size()));
    function_.instructions.push_back(instruction);
    return instruction.dst;
  }

  RegisterId emit_singleton(Singleton which, SourceRange location) {
    Instruction instruction{};
    instruction.op = Opcode::Singleton;
    instruction.index = static_cast<uint32_t>(which);
    instruction.location = location;
    return emit(instruction);
  }

  RegisterId lower(ExprId id) {
    const check::Expr& expr = checked_.exprs[id];
    Instruction instruction{};
    instruction.location = expr.range;
    switch (expr.kind) {
    case ExprKind::StringLiteral:
      instruction.op = Opcode::String;
      instruction.index = expr.value;
      return emit(instruction);
    case ExprKind::IntegerLiteral:
      instruction.op = Opcode::Integer;
      instruction.integer = expr.integer;
      return emit(instruction);
    case ExprKind::Local:
      for (auto& [local, reg] : local_registers_) {
        if (local == expr.value)
          return reg;
      }
      break;
    case ExprKind::ModuleRef:
      instruction.op = Opcode::Module;
      instruction.index = expr.value;
      return emit(instruction);
    case ExprKind::CallMethod:
    case ExprKind::CallIntrinsic: {
      std::vector<RegisterId> arguments;
      for (uint32_t i = 0; i < expr.operands_count; ++i) {
        arguments.push_back(lower(checked_.operand(expr, i)));
      }
      instruction.op =
          expr.kind == ExprKind::CallMethod ? Opcode::CallStatic : Opcode::CallIntrinsic;
      instruction.index = expr.value;
      return emit(instruction, arguments);
    }
    default: // kinds added by the full checker (check/program.h)
      break;
    }
    return emit_singleton(Singleton::Nil, expr.range);
  }

  const check::Program& checked_;
  Function& function_;
  BlockId current_ = 0;
  std::vector<std::pair<check::LocalId, RegisterId>> local_registers_;
};

} // namespace

Program build(const check::Program& checked) {
  Program program;
  program.strings = checked.strings;
  program.init_order = checked.init_order;
  program.functions.resize(checked.methods.size());
  for (size_t i = 0; i < checked.methods.size(); ++i) {
    const check::Method& method = checked.methods[i];
    Function& function = program.functions[i];
    const std::string& module = checked.modules[method.module].name;
    function.name = method.is_module_body ? "<module>" : method.name;
    function.symbol = module + "." + method.name;
    function.location = method.range;
    FunctionBuilder(checked, function).build(method);
  }
  for (const check::Module& module : checked.modules) {
    program.modules.push_back({module.name, module.body});
  }
  return program;
}

} // namespace inko::mir
