#include "mir/receiver_guards.h"

namespace inko::mir {
namespace {

// Lattice of a register's class: not written yet, one class, or unknown.
constexpr uint32_t kUnset = kNone - 1;
constexpr uint32_t kUnknown = kNone;

uint32_t defined_class(const Function& function, const Instruction& instruction,
                       const std::vector<uint32_t>& known, const ConstantClasses& classes) {
  auto argument = [&](uint32_t i) { return known[function.arguments[instruction.args_begin + i]]; };
  switch (instruction.op) {
  case Opcode::Integer:
  case Opcode::BigInteger:
    return classes.integer;
  case Opcode::Float:
    return classes.float_;
  case Opcode::String:
    return classes.string;
  case Opcode::NewArray:
    return classes.array;
  case Opcode::Module:
    return classes.module_classes != nullptr && instruction.index < classes.module_classes->size()
               ? (*classes.module_classes)[instruction.index]
               : kUnknown;
  case Opcode::Prototype:
  case Opcode::Allocate:
    return instruction.index;
  case Opcode::Singleton:
    return static_cast<Singleton>(instruction.index) == Singleton::Nil ? classes.nil
                                                                       : classes.boolean;
  case Opcode::Move:
    return argument(0);
  case Opcode::SetSlot:
  case Opcode::CellSet:
    return argument(1);
  case Opcode::SetGlobal:
    return argument(0);
  default:
    return kUnknown;
  }
}

uint32_t meet(uint32_t current, uint32_t value) {
  if (value == kUnset || current == value)
    return current;
  if (current == kUnset)
    return value;
  return kUnknown;
}

} // namespace

void drop_proven_guards(Function& function, uint32_t self_class, const ConstantClasses& classes) {
  std::vector<uint32_t> known(function.registers.size(), kUnset);
  if (!known.empty())
    known[0] = function.is_block || self_class == kNone ? kUnknown : self_class;
  for (uint32_t i = 1; i <= function.param_count && i < known.size(); ++i)
    known[i] = kUnknown;
  for (const Instruction& instruction : function.instructions) {
    // A call's handler receives the thrown error in `error`.
    if (instruction.error != kNone)
      known[instruction.error] = kUnknown;
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (const Instruction& instruction : function.instructions) {
      if (instruction.dst == kNone)
        continue;
      uint32_t next =
          meet(known[instruction.dst], defined_class(function, instruction, known, classes));
      if (next != known[instruction.dst]) {
        known[instruction.dst] = next;
        changed = true;
      }
    }
  }
  for (Instruction& instruction : function.instructions) {
    if (instruction.op != Opcode::CallStatic)
      continue;
    uint32_t receiver = known[function.arguments[instruction.args_begin]];
    if (receiver == kUnset || receiver == kUnknown)
      continue;
    uint32_t klass = guard_class(instruction.integer);
    if ((instruction.flags & kGuardReceiver) && receiver == klass)
      instruction.flags &= static_cast<uint8_t>(~kGuardReceiver);
    if ((instruction.flags & kGuardNotNil) && receiver != klass)
      instruction.flags &= static_cast<uint8_t>(~kGuardNotNil);
  }
}

} // namespace inko::mir
