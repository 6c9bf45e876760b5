// MIR, the mid-level IR between the checked program and LLVM IR: one
// control-flow graph per function over virtual registers, with explicit
// calls, allocations, branches and unwinding. Lowering from check::Program
// (mir/build) decides dispatch, inlines the control-flow messages and turns
// self tail calls into loops; codegen/ then maps it one to one onto LLVM IR.
//
// Calling convention of every Inko function (docs/values.md):
//   { i64 value, i64 status } fn(ptr process, i64 self, i64 args...)
// status 0 is a normal return, kStatusThrow means `value` is a thrown error,
// kStatusReturn a non-local return unwinding towards the frame the process
// records as its unwind target.
#pragma once

#include "base/source.h"

#include <cstdint>
#include <string>
#include <vector>

namespace inko::mir {

using FunctionId = uint32_t;
using BlockId = uint32_t;
using RegisterId = uint32_t;

inline constexpr uint32_t kNone = UINT32_MAX;
inline constexpr int64_t kStatusNormal = 0;
inline constexpr int64_t kStatusThrow = 1;
inline constexpr int64_t kStatusReturn = 2;

enum class Opcode : uint8_t {
  // dst = the small Integer `integer` (tagged by codegen).
  Integer,
  // dst = the permanent string literal Program::strings[index].
  String,
  // dst = the permanent object of module `index`.
  Module,
  // dst = True, False or Nil; `index` is a Singleton.
  Singleton,
  // dst = args[0].
  Move,
  // dst = functions[index](self = args[0], args[1..]). Propagates unwinding
  // unless the callee is known never to unwind.
  CallStatic,
  // dst = the runtime intrinsic `index` applied to args (check/intrinsics.def).
  CallIntrinsic,
};

enum class Singleton : uint32_t { True, False, Nil };

struct Instruction {
  Opcode op;
  RegisterId dst = kNone;
  uint32_t index = 0;
  int64_t integer = 0;
  uint32_t args_begin = 0; // into Function::arguments
  uint32_t args_count = 0;
  SourceRange location;
};

enum class TerminatorKind : uint8_t {
  // Return `value` normally.
  Return,
  // Continue at `target`.
  Goto,
  // Continue at `target` when `value` is truthy (neither False nor Nil),
  // else at `otherwise`.
  Branch,
  // A path the checker proved impossible (after a Never-typed call).
  Unreachable,
};

struct Terminator {
  TerminatorKind kind = TerminatorKind::Unreachable;
  RegisterId value = kNone;
  BlockId target = kNone;
  BlockId otherwise = kNone;
  SourceRange location;
};

struct Block {
  std::vector<uint32_t> instructions; // indices into Function::instructions
  Terminator terminator;
};

struct Register {
  std::string name; // the Inko local's name, or empty for temporaries
};

struct Function {
  std::string name;   // for diagnostics, traces and debug info: "fib", "<module>"
  std::string symbol; // the LLVM symbol
  SourceRange location;
  // Register 0 is `self`; the parameters follow in order.
  uint32_t param_count = 0;
  std::vector<Register> registers;
  std::vector<Block> blocks; // block 0 is the entry
  std::vector<Instruction> instructions;
  std::vector<RegisterId> arguments;
  // Whether a call of this function can return with a non-zero status.
  bool may_unwind = false;
};

struct Module {
  std::string name;
  FunctionId body; // runs the module's top-level code
};

struct Program {
  std::vector<Function> functions;
  std::vector<Module> modules;
  std::vector<std::string> strings;
  std::vector<uint32_t> init_order; // module indices, dependencies first
};

// Writes the program as text (`inkoc build --emit=mir`, golden tests).
std::string print(const Program& program);

} // namespace inko::mir
