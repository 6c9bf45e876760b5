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

void print_instruction(const Program& program, const Function& function,
                       const Instruction& instruction, std::string& out) {
  out += "  " + reg(instruction.dst) + " = ";
  switch (instruction.op) {
  case Opcode::Integer:
    out += "integer " + std::to_string(instruction.integer);
    break;
  case Opcode::String:
    out += "string " + quoted(program.strings[instruction.index]);
    break;
  case Opcode::Module:
    out += "module " + program.modules[instruction.index].name;
    break;
  case Opcode::Singleton: {
    static const char* kNames[] = {"true", "false", "nil"};
    out += kNames[instruction.index];
    break;
  }
  case Opcode::Move:
    out += "move";
    break;
  case Opcode::CallStatic:
    out += "call " + quoted(program.functions[instruction.index].symbol);
    break;
  case Opcode::CallIntrinsic:
    out += "intrinsic ";
    out += check::intrinsic_info(static_cast<check::IntrinsicId>(instruction.index)).inko_name;
    break;
  }
  if (instruction.args_count > 0 || instruction.op == Opcode::CallStatic ||
      instruction.op == Opcode::CallIntrinsic) {
    out += "(";
    for (uint32_t i = 0; i < instruction.args_count; ++i) {
      if (i > 0)
        out += ", ";
      out += reg(function.arguments[instruction.args_begin + i]);
    }
    out += ")";
  }
  out += '\n';
}

void print_terminator(const Terminator& terminator, std::string& out) {
  switch (terminator.kind) {
  case TerminatorKind::Return:
    out += "  return " + reg(terminator.value) + "\n";
    break;
  case TerminatorKind::Goto:
    out += "  goto " + block(terminator.target) + "\n";
    break;
  case TerminatorKind::Branch:
    out += "  branch " + reg(terminator.value) + ", " + block(terminator.target) + ", " +
           block(terminator.otherwise) + "\n";
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
    out += "fn " + quoted(function.symbol) + "(";
    for (uint32_t i = 0; i <= function.param_count; ++i) {
      if (i > 0)
        out += ", ";
      out += reg(i) + " " + function.registers[i].name;
    }
    out += function.may_unwind ? ") may_unwind {\n" : ") {\n";
    for (BlockId b = 0; b < function.blocks.size(); ++b) {
      out += block(b) + ":\n";
      for (uint32_t index : function.blocks[b].instructions) {
        print_instruction(program, function, function.instructions[index], out);
      }
      print_terminator(function.blocks[b].terminator, out);
    }
    out += "}\n\n";
  }
  return out;
}

} // namespace inko::mir
