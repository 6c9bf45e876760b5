// Byte offsets into runtime structures that generated code reads and writes
// directly. They mirror the structs of runtime/include/inko/abi.h; the
// runtime checks the same numbers with static_asserts (object/layout.cpp).
#pragma once

#include "mir/mir.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Constant;
class Function;
class GlobalVariable;
class Module;
class Value;
} // namespace llvm

namespace inko::codegen {

namespace layout {
// InkoProcessHot, at the start of every process.
inline constexpr uint64_t kProcessStackLimit = 0;
inline constexpr uint64_t kProcessReductions = 8;
inline constexpr uint64_t kProcessUnwindTarget = 16;
inline constexpr uint64_t kProcessFrameCounter = 24;
inline constexpr uint64_t kProcessHomeFrames = 32;
// InkoHomeFrame: {token, outer}.
inline constexpr uint64_t kHomeFrameOuter = 8;
// Objects: InkoHeader is 16 bytes.
inline constexpr uint64_t kHeaderFlags = 8;
inline constexpr uint64_t kArrayLength = 16;
inline constexpr uint64_t kArrayCapacity = 24;
inline constexpr uint64_t kArrayValues = 32;
inline constexpr uint64_t kObjectSlots = 16;
inline constexpr uint64_t kCellValue = 16;
inline constexpr uint64_t kBlockFunction = 16;
inline constexpr uint64_t kBlockSelf = 24;
inline constexpr uint64_t kBlockHomeToken = 32;
inline constexpr uint64_t kBlockCellCount = 40;
inline constexpr uint64_t kBlockCells = 48;
// InkoClass.
inline constexpr uint64_t kClassMethodMask = 16;
inline constexpr uint64_t kClassMethods = 24;
} // namespace layout

// Emits the program's permanent data: classes with their dispatch tables,
// string literals, module and prototype objects, module constants, and the
// dispatch lookup function.
class ObjectEmitter {
public:
  ObjectEmitter(const mir::Program& program, llvm::Module& module);
  ~ObjectEmitter();

  // Defines every class; `functions` are the LLVM functions of the MIR
  // functions (the tables point at them).
  void define_classes(const std::vector<llvm::Function*>& functions);

  llvm::Constant* class_pointer(uint32_t klass);
  llvm::Constant* integer_class();
  llvm::Constant* float_class();
  // A permanent Float (abi.h InkoFloat) for a literal.
  llvm::Constant* float_constant(double value);
  // A permanent block (abi.h InkoBlock) for a lambda without captures.
  llvm::Constant* lambda_constant(llvm::Function* function, uint32_t module);
  // A permanent String with `text` (message names for unknown_message).
  llvm::Constant* string_constant(const std::string& text);
  llvm::Constant* singleton(mir::Singleton which);
  llvm::Constant* string_literal(uint32_t index);
  llvm::Constant* module_object(uint32_t module);
  llvm::Constant* prototype_object(uint32_t klass);
  llvm::GlobalVariable* global(uint32_t index);
  // `ptr inko.lookup(i64 receiver, i64 selector)`: the function for a
  // message, or null when the receiver's class lacks it.
  llvm::Function* lookup_function();

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace inko::codegen
