#include "check/program.h"
#include "mir/mir.h"

#include <string>

namespace inko::mir {
namespace {

std::string reg(RegisterId id) {
  return "%" + std::to_string(id);
}
std::string block(BlockId id) {
  return "b" + std::to_string(id);
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string opcode_text(const Program& program, const Instruction& instruction) {
  switch (instruction.op) {
  case Opcode::Integer:
    return "integer " + std::to_string(instruction.integer);
  case Opcode::BigInteger:
    return "big_integer " + program.strings[instruction.index];
  case Opcode::Float:
    return "float " + std::to_string(instruction.real);
  case Opcode::String:
    return "string " + quoted(program.strings[instruction.index]);
  case Opcode::Module:
    return "module " + program.modules[instruction.index].name;
  case Opcode::Prototype:
    return "prototype " + quoted(program.classes[instruction.index].name);
  case Opcode::Singleton: {
    static const char* kNames[] = {"true", "false", "nil"};
    return kNames[instruction.index];
  }
  case Opcode::Absent:
    return "absent";
  case Opcode::Move:
    return "move";
  case Opcode::IsAbsent:
    return "is_absent";
  case Opcode::GetSlot:
    return "get_slot " + std::to_string(instruction.index);
  case Opcode::SetSlot:
    return "set_slot " + std::to_string(instruction.index);
  case Opcode::GetGlobal:
    return "get_global " + program.globals[instruction.index].name;
  case Opcode::SetGlobal:
    return "set_global " + program.globals[instruction.index].name;
  case Opcode::Allocate:
    return "allocate " + quoted(program.classes[instruction.index].name);
  case Opcode::NewCell:
    return "new_cell";
  case Opcode::CellGet:
    return "cell_get";
  case Opcode::CellSet:
    return "cell_set";
  case Opcode::NewArray:
    return "new_array";
  case Opcode::MakeBlock:
    return "make_block " + quoted(program.functions[instruction.index].symbol);
  case Opcode::Lambda:
    return "lambda " + quoted(program.functions[instruction.index].symbol);
  case Opcode::BlockSelf:
    return "block_self";
  case Opcode::BlockCell:
    return "block_cell " + std::to_string(instruction.index);
  case Opcode::CallStatic:
    if (instruction.flags & kGuardReceiver) {
      return "call " + quoted(program.functions[instruction.index].symbol) + " if " +
             quoted(program.classes[guard_class(instruction.integer)].name);
    }
    if (instruction.flags & kGuardNotNil)
      return "call " + quoted(program.functions[instruction.index].symbol) + " unless Nil";
    return "call " + quoted(program.functions[instruction.index].symbol);
  case Opcode::CallDynamic:
    return std::string(instruction.flags & kNilableReceiver ? "send? " : "send ") +
           program.selectors[instruction.index];
  case Opcode::CallBlock:
    return "call_block";
  case Opcode::CallIntrinsic:
    return "intrinsic " +
           std::string(
               check::intrinsic_info(static_cast<check::IntrinsicId>(instruction.index)).inko_name);
  case Opcode::ClassIs:
    return "class_is " + quoted(program.classes[instruction.index].name);
  case Opcode::Panic:
    return "panic";
  }
  return "?";
}

void print_instruction(const Program& program, const Function& function,
                       const Instruction& instruction, std::string& out) {
  out += "  " + reg(instruction.dst) + " = " + opcode_text(program, instruction);
  bool is_call = instruction.op == Opcode::CallStatic || instruction.op == Opcode::CallDynamic ||
                 instruction.op == Opcode::CallBlock || instruction.op == Opcode::CallIntrinsic;
  if (is_call || instruction.args_count > 0) {
    out += "(";
    for (uint32_t i = 0; i < instruction.args_count; ++i) {
      if (i > 0)
        out += ", ";
      out += reg(function.arguments[instruction.args_begin + i]);
    }
    out += ")";
  }
  if (instruction.handler != kNone) {
    out += " else " + block(instruction.handler) + " with " + reg(instruction.error);
  }
  out += '\n';
}

void print_terminator(const Terminator& terminator, std::string& out) {
  switch (terminator.kind) {
  case TerminatorKind::Return:
    out += "  return " + reg(terminator.value) + "\n";
    break;
  case TerminatorKind::Goto:
    out += "  goto " + block(terminator.target) + (terminator.back_edge ? " (loop)\n" : "\n");
    break;
  case TerminatorKind::Branch:
    out += "  branch " + reg(terminator.value) + ", " + block(terminator.target) + ", " +
           block(terminator.otherwise) + "\n";
    break;
  case TerminatorKind::Throw:
    out += "  throw " + reg(terminator.value) + "\n";
    break;
  case TerminatorKind::NonLocalReturn:
    out += "  return_from_home " + reg(terminator.value) + "\n";
    break;
  case TerminatorKind::Unreachable:
    out += "  unreachable\n";
    break;
  }
}

} // namespace

std::string print(const Program& program) {
  std::string out;
  for (const Function& function : program.functions) {
    if (!function.reachable)
      continue;
    out += "fn " + quoted(function.symbol) + "(";

    for (uint32_t i = 0; i <= function.param_count; ++i) {
      if (i > 0)
        out += ", ";
      out += reg(i) + " " + function.registers[i].name;
    }
    out += ")";
    if (function.may_unwind)
      out += " may_unwind";
    if (function.is_home)
      out += " home";
    out += " {\n";
    for (BlockId b = 0; b < function.blocks.size(); ++b) {
      out += block(b) + ":\n";
      for (uint32_t index : function.blocks[b].instructions) {
        print_instruction(program, function, function.instructions[index], out);
      }
      print_terminator(function.blocks[b].terminator, out);
    }
    out += "}\n\n";
  }
  for (const Class& klass : program.classes) {
    if (klass.methods.empty())
      continue;
    out += "class " + quoted(klass.name) + " {\n";
    for (auto& [selector, function] : klass.methods) {
      out += "  " + program.selectors[selector] + " -> " +
             quoted(program.functions[function].symbol) + "\n";
    }
    out += "}\n\n";
  }
  return out;
}

} // namespace inko::mir
