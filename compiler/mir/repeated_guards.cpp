// Finds receiver checks that repeat a passed one (kGuardRepeated). A failed
// check's by-name send continues where the call was, so a later check on
// the same register proves something only in code that no failed check
// reaches: codegen builds such a copy of the function, and this pass says
// which checks it may leave out (docs/values.md, "Receivers of static
// calls").
#include "mir/receiver_guards.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace inko::mir {
namespace {

// A passed kGuardNotNil check proves no class, only that the value is not
// Nil.
constexpr uint32_t kNotNil = kNone - 1;

// What the passed checks on a path prove: (register, class or kNotNil),
// sorted by register.
using Facts = std::vector<std::pair<RegisterId, uint32_t>>;

std::optional<uint32_t> fact_of(const Facts& facts, RegisterId reg) {
  auto found = std::lower_bound(facts.begin(), facts.end(), std::make_pair(reg, uint32_t{0}));
  if (found == facts.end() || found->first != reg)
    return std::nullopt;
  return found->second;
}

void forget(Facts& facts, RegisterId reg) {
  auto found = std::lower_bound(facts.begin(), facts.end(), std::make_pair(reg, uint32_t{0}));
  if (found != facts.end() && found->first == reg)
    facts.erase(found);
}

void learn(Facts& facts, RegisterId reg, uint32_t klass) {
  forget(facts, reg);
  facts.insert(std::lower_bound(facts.begin(), facts.end(), std::make_pair(reg, uint32_t{0})),
               {reg, klass});
}

// What holds on every path: the facts both sides agree on.
Facts common(const Facts& left, const Facts& right) {
  Facts both;
  std::set_intersection(left.begin(), left.end(), right.begin(), right.end(),
                        std::back_inserter(both));
  return both;
}

// Whether `facts` make the check of `instruction` pass for sure.
bool passes(const Facts& facts, RegisterId receiver, const Instruction& instruction,
            uint32_t nil_class) {
  std::optional<uint32_t> known = fact_of(facts, receiver);
  if (!known)
    return false;
  if (instruction.flags & kGuardReceiver)
    return *known == guard_class(instruction.integer);
  return (instruction.flags & kGuardNotNil) && *known != nil_class;
}

class RepeatedGuards {
public:
  RepeatedGuards(Function& function, uint32_t nil_class)
      : function_(function), nil_class_(nil_class), entry_facts_(function.blocks.size()) {}

  void run() {
    if (function_.blocks.empty())
      return;
    entry_facts_[0] = Facts{};
    std::vector<BlockId> work{0};
    while (!work.empty()) {
      BlockId block = work.back();
      work.pop_back();
      walk(block, false, work);
    }
    // Only checks repeated in loops are worth a second copy of the
    // function (measured: elsewhere the copy's size cost more inlining
    // than the checks saved). MIR lays a loop out as the blocks from its
    // header to its back edge.
    std::vector<bool> in_loop(function_.blocks.size(), false);
    for (BlockId block = 0; block < function_.blocks.size(); ++block) {
      const Terminator& terminator = function_.blocks[block].terminator;
      if (terminator.kind == TerminatorKind::Goto && terminator.back_edge) {
        for (BlockId inner = terminator.target; inner <= block; ++inner)
          in_loop[inner] = true;
      }
    }
    for (BlockId block = 0; block < function_.blocks.size(); ++block) {
      if (entry_facts_[block] && in_loop[block])
        walk(block, true, work);
    }
  }

private:
  // Runs the block's instructions over its entry facts; either passes the
  // result on to the successors (queueing those whose facts shrank) or
  // marks the checks the facts make redundant.
  void walk(BlockId id, bool mark, std::vector<BlockId>& work) {
    Facts facts = *entry_facts_[id];
    const Block& block = function_.blocks[id];
    for (uint32_t index : block.instructions) {
      Instruction& instruction = function_.instructions[index];
      if (instruction.handler != kNone && !mark) {
        // A throw leaves after the call, with the error in `error`.
        Facts thrown = facts;
        forget(thrown, instruction.error);
        flow_to(instruction.handler, thrown, work);
      }
      if (instruction.op == Opcode::CallStatic &&
          (instruction.flags & (kGuardReceiver | kGuardNotNil))) {
        RegisterId receiver = function_.arguments[instruction.args_begin];
        if (passes(facts, receiver, instruction, nil_class_)) {
          if (mark)
            instruction.flags |= kGuardRepeated;
        } else if (instruction.flags & kGuardReceiver) {
          learn(facts, receiver, guard_class(instruction.integer));
        } else {
          learn(facts, receiver, kNotNil);
        }
      }
      if (instruction.dst == kNone)
        continue;
      // A local assigned from a checked register (`let x = @a`) keeps its
      // class.
      std::optional<uint32_t> copied;
      if (instruction.op == Opcode::Move)
        copied = fact_of(facts, function_.arguments[instruction.args_begin]);
      forget(facts, instruction.dst);
      if (copied)
        learn(facts, instruction.dst, *copied);
    }
    if (mark)
      return;
    const Terminator& terminator = block.terminator;
    if (terminator.kind == TerminatorKind::Goto || terminator.kind == TerminatorKind::Branch)
      flow_to(terminator.target, facts, work);
    if (terminator.kind == TerminatorKind::Branch)
      flow_to(terminator.otherwise, facts, work);
  }

  void flow_to(BlockId target, const Facts& facts, std::vector<BlockId>& work) {
    std::optional<Facts>& entry = entry_facts_[target];
    if (!entry) {
      entry = facts;
    } else {
      Facts both = common(*entry, facts);
      if (both.size() == entry->size())
        return;
      entry = std::move(both);
    }
    work.push_back(target);
  }

  Function& function_;
  uint32_t nil_class_;
  // Unset: no path reaches the block yet.
  std::vector<std::optional<Facts>> entry_facts_;
};

} // namespace

void mark_repeated_guards(Function& function, uint32_t nil_class) {
  RepeatedGuards(function, nil_class).run();
}

} // namespace inko::mir
