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
  // ---- Constants.
  Integer,    // dst = the small Integer `integer` (tagged by codegen)
  BigInteger, // dst = the Integer written as decimal text strings[index]
  Float,      // dst = a Float object holding `real`
  String,     // dst = the permanent string literal strings[index]
  Module,     // dst = the permanent object of module `index`
  Prototype,  // dst = the permanent prototype object of class `index` (`Foo`)
  Singleton,  // dst = True, False or Nil; `index` is a Singleton
  Absent,     // dst = the word 0: "argument not given" (default arguments)

  // ---- Registers and memory.
  Move,      // dst = args[0]
  IsAbsent,  // dst = True if args[0] is the word 0, else False
  GetSlot,   // dst = attribute slot `index` of the object args[0]
  SetSlot,   // slot `index` of args[0] = args[1]; dst = args[1]
  GetGlobal, // dst = module constant `index` (a global of the program)
  SetGlobal, // module constant `index` = args[0]; dst = args[0]
  Allocate,  // dst = a new instance of class `index`, every slot Nil
  NewCell,   // dst = a new cell holding args[0] (a local captured by a closure)
  CellGet,   // dst = the value in cell args[0]
  CellSet,   // cell args[0] = args[1]; dst = args[1]
  NewArray,  // dst = a new Array of args (rest arguments)

  // ---- Blocks. Inside a closure or lambda register 0 holds the block.
  MakeBlock, // dst = a block running functions[index] with self = args[0]
             // and cells args[1..]; it records the frame token of its home
             // method when `flags & kCapturesHome`
  Lambda,    // dst = the permanent block of the lambda functions[index],
             // whose self is module `integer`
  BlockSelf, // dst = the self captured by the block args[0]
  BlockCell, // dst = cell `index` of the block args[0]

  // ---- Calls. A call whose callee may unwind continues at `handler` when
  // the callee throws (dst then holds the error), or, without a handler,
  // returns the status to this function's caller; non-local returns that
  // target this function's frame end it (Function::is_home).
  CallStatic,    // dst = functions[index](self = args[0], args[1..]);
                 // flags kGuardReceiver: only when args[0]'s class is
                 // classes[guard_class(integer)], else a send of
                 // selectors[guard_selector(integer)] (a miss answers Nil)
  CallDynamic,   // dst = send selectors[index] to args[0] with args[1..];
                 // flags kNilableReceiver: a Nil receiver answers Nil
  CallBlock,     // dst = call the block args[0] with args[1..]
  CallIntrinsic, // dst = the runtime intrinsic `index` applied to args
  Panic,         // panic with the error args[0] (`try!`, L94); never returns
  ClassIs,       // dst = True if args[0]'s class is classes[index], else False
};

enum class Singleton : uint32_t { True, False, Nil };

enum InstructionFlags : uint8_t {
  kNilableReceiver = 1,
  kCapturesHome = 2,
  kGuardReceiver = 4,
  // CallStatic of a trait default (receivers of several classes): only a
  // Nil receiver takes the send of selectors[guard_selector(integer)].
  kGuardNotNil = 8,
};

// A guarded CallStatic (kGuardReceiver) keeps the receiver's expected class
// and the fallback selector in `integer` (docs/values.md, "Receivers of
// static calls").
inline int64_t pack_guard(uint32_t klass, uint32_t selector) {
  return static_cast<int64_t>((uint64_t{selector} << 32) | klass);
}
inline uint32_t guard_class(int64_t packed) {
  return static_cast<uint32_t>(static_cast<uint64_t>(packed));
}
inline uint32_t guard_selector(int64_t packed) {
  return static_cast<uint32_t>(static_cast<uint64_t>(packed) >> 32);
}

struct Instruction {
  Opcode op;
  uint8_t flags = 0;
  RegisterId dst = kNone;
  uint32_t index = 0;
  BlockId handler = kNone;  // calls: where a thrown error continues
  RegisterId error = kNone; // calls with a handler: receives the error
  union {
    int64_t integer = 0;
    double real;
  };
  uint32_t args_begin = 0; // into Function::arguments
  uint32_t args_count = 0;
  SourceRange location;
};

enum class TerminatorKind : uint8_t {
  // Return `value` normally.
  Return,
  // Continue at `target`; `back_edge` loops poll the safepoint first.
  Goto,
  // Continue at `target` when `value` is truthy (neither False nor Nil),
  // else at `otherwise`.
  Branch,
  // Throw `value` (status 1).
  Throw,
  // Return `value` from the home method of the block in register 0
  // (status 2, L92).
  NonLocalReturn,
  // A path the checker proved impossible (after a Never-typed call).
  Unreachable,
};

struct Terminator {
  TerminatorKind kind = TerminatorKind::Unreachable;
  bool back_edge = false;
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
  // Parameters without a default and not a rest parameter (std::mirror).
  uint32_t required_params = 0;
  std::vector<Register> registers;
  std::vector<Block> blocks; // block 0 is the entry
  std::vector<Instruction> instructions;
  std::vector<RegisterId> arguments;
  // Whether a call of this function can return with a non-zero status.
  bool may_unwind = false;
  // Whether closures created here can `return` from this function: it then
  // takes a frame token at entry and ends non-local returns aimed at it.
  bool is_home = false;
  // Closures and lambdas: register 0 is the block, not self.
  bool is_block = false;
  // The method a non-local return in this block leaves (kNone if none).
  FunctionId home = kNone;
  // Calls nothing and has no loop: no safepoint at entry.
  bool is_leaf = false;
  // Calls process.defer: opens a list of deferred blocks at entry and runs
  // it on every exit (P13).
  bool uses_defer = false;

  // Whether any code that runs can reach it (mir/reachability): code
  // generation emits only reachable functions.
  bool reachable = true;
};

struct Module {
  std::string name;
  FunctionId body; // runs the module's top-level code
  uint32_t klass;  // its class (module methods)
};

// A class: the layout and dispatch table of a kind of object.
struct Class {
  std::string name;   // "Foo", "Integer", "Foo (prototype)", "std::fs (module)"
  std::string symbol; // the LLVM symbol; built-in ones are fixed (abi.h)
  uint32_t kind = 0;  // an InkoKind
  uint32_t slot_count = 0;
  // (selector, function) pairs for dynamic dispatch, already flattened.
  std::vector<std::pair<uint32_t, FunctionId>> methods;
  uint32_t prototype_class = kNone; // object classes: the class of `Foo` itself
  uint32_t copy_rule = 0;           // an InkoCopyRule (abi.h)
  uint32_t descriptor_slot = 0;     // with a copy rule: the slot of `@fd`
  // For std::mirror: attribute names ("@name") in slot order, and the
  // classes of the traits the object implements (their values are the
  // prototype objects of those classes).
  std::vector<std::string> attribute_names;
  std::vector<uint32_t> trait_classes;
};

// A module constant (L45): a global word of the program.
struct Global {
  std::string name; // "module::NAME"
};

struct Program {
  std::vector<Function> functions;
  std::vector<Module> modules;
  std::vector<Class> classes;
  std::vector<Global> globals;
  std::vector<std::string> strings;
  // Message names sent dynamically; the table key of selector i is i + 1.
  std::vector<std::string> selectors;
  std::vector<uint32_t> init_order; // module indices, dependencies first
  // The selector of `unknown_message` (L59): dispatch misses forward to it.
  uint32_t unknown_message_selector = 0;
};

// Whether the runtime function of intrinsic `id` runs an Inko block and
// returns its whole result ({value, status}) rather than a value.
bool intrinsic_returns_result(uint32_t id);

// Writes the program as text (`inkoc build --emit=mir`, golden tests).

std::string print(const Program& program);

} // namespace inko::mir
