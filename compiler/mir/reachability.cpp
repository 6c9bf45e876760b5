#include "mir/reachability.h"

#include <vector>

namespace inko::mir {

void mark_reachable(Program& program) {
  std::vector<bool> reachable(program.functions.size(), false);
  std::vector<bool> selector_sent(program.selectors.size(), false);
  std::vector<bool> sent_to_nil(program.selectors.size(), false);
  std::vector<FunctionId> work;
  auto reach = [&](FunctionId id) {
    if (!reachable[id]) {
      reachable[id] = true;
      work.push_back(id);
    }
  };
  for (const Module& module : program.modules)
    reach(module.body);
  // Dispatch misses forward to unknown_message (L59): it is always sent.
  if (program.unknown_message_selector < selector_sent.size())
    selector_sent[program.unknown_message_selector] = true;

  // A table entry becomes reachable once its selector is sent; sends and
  // functions are discovered together, so iterate until nothing changes.
  bool changed = true;
  while (changed) {
    while (!work.empty()) {
      FunctionId id = work.back();
      work.pop_back();
      for (const Instruction& instruction : program.functions[id].instructions) {
        switch (instruction.op) {
        case Opcode::CallStatic:
          reach(instruction.index);
          // A Nil receiver gets the message by name (docs/values.md). Other
          // classes keep only the methods something else reaches, so the
          // check does not pull every method of the same name in.
          if (instruction.flags & (kGuardReceiver | kGuardNotNil))
            sent_to_nil[guard_selector(instruction.integer)] = true;
          break;
        case Opcode::MakeBlock:
        case Opcode::Lambda:
          reach(instruction.index);
          break;
        case Opcode::CallDynamic:
          selector_sent[instruction.index] = true;
          break;
        default:
          break;
        }
      }
    }
    changed = false;
    for (const Class& klass : program.classes) {
      bool is_nil = klass.symbol == "inko_class_nil";
      for (auto& [selector, function] : klass.methods) {
        bool sent = selector_sent[selector] || (is_nil && sent_to_nil[selector]);
        if (sent && !reachable[function]) {
          reach(function);
          changed = true;
        }
      }
    }
  }
  for (FunctionId id = 0; id < program.functions.size(); ++id) {
    program.functions[id].reachable = reachable[id];
  }
  for (Class& klass : program.classes) {
    std::erase_if(klass.methods, [&](const auto& entry) { return !reachable[entry.second]; });
  }
}

} // namespace inko::mir
