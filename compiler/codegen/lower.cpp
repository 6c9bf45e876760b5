#include "codegen/lower.h"

#include "check/program.h"
#include "codegen/builtin_hash.h"
#include "codegen/debug_info.h"
#include "codegen/inline_intrinsics.h"
#include "codegen/layout.h"
#include "codegen/reflection.h"
#include "codegen/send_by_name.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/TargetParser/Triple.h>
#include <optional>
#include <unordered_map>
#include <vector>

namespace inko::codegen {
namespace {

using mir::Opcode;
using mir::TerminatorKind;

class Lowering {
public:
  Lowering(const mir::Program& program, const SourceManager& sources, llvm::LLVMContext& context,
           const std::string& triple, bool optimized)
      : program_(program), context_(context),
        module_(std::make_unique<llvm::Module>("inko", context)), builder_(context),
        objects_(program, *module_), debug_(*module_, sources, optimized) {
    module_->setTargetTriple(triple);
    i64_ = llvm::Type::getInt64Ty(context);
    ptr_ = llvm::PointerType::get(context, 0);
    result_type_ = llvm::StructType::get(context, {i64_, i64_});
    stack_pointer_name_ = llvm::Triple(triple).isAArch64() ? "sp" : "rsp";
  }

  std::unique_ptr<llvm::Module> run() {
    for (const mir::Function& function : program_.functions)
      declare(function);
    objects_.define_classes(functions_);
    emit_reflection_table(program_, *module_, objects_);
    define_builtin_hash_flag(program_, *module_);
    for (size_t i = 0; i < program_.functions.size(); ++i) {
      if (program_.functions[i].reachable)
        define(i);
    }
    define_program_main();
    debug_.emit_function_table();
    debug_.finalize();
    return std::move(module_);
  }

private:
  // ---- Declarations ----------------------------------------------------------

  llvm::FunctionType* function_type(uint32_t argument_count) {
    std::vector<llvm::Type*> params{ptr_};
    params.insert(params.end(), argument_count, i64_);
    return llvm::FunctionType::get(result_type_, params, false);
  }

  void declare(const mir::Function& function) {
    if (!function.reachable) {
      functions_.push_back(nullptr);
      return;
    }
    auto* llvm_function =

        llvm::Function::Create(function_type(function.param_count + 1),
                               llvm::Function::InternalLinkage, function.symbol, module_.get());
    // Inko code never throws C++ exceptions; unwind tables stay for stack
    // traces, frame pointers for debuggers and profilers.
    llvm_function->addFnAttr(llvm::Attribute::NoUnwind);
    llvm_function->setUWTableKind(llvm::UWTableKind::Async);
    llvm_function->addFnAttr("frame-pointer", "all");
    // A panic's trace lists every Inko frame (P15.4), so a call in tail
    // position must not replace its caller's frame at -O2. Loops do not need
    // LLVM's tail calls: self tail calls are already jumps in the MIR (L69).
    llvm_function->addFnAttr("disable-tail-calls", "true");
    functions_.push_back(llvm_function);
  }

  llvm::FunctionCallee runtime(const char* name, llvm::Type* result,
                               std::vector<llvm::Type*> params, bool no_return = false) {
    llvm::FunctionCallee callee =
        module_->getOrInsertFunction(name, llvm::FunctionType::get(result, params, false));
    if (no_return) {
      if (auto* function = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
        function->setDoesNotReturn();
      }
    }
    return callee;
  }

  // ---- Functions ---------------------------------------------------------------

  void define(size_t index) {
    const mir::Function& function = program_.functions[index];
    current_ = &function;
    llvm::Function* llvm_function = functions_[index];
    process_ = llvm_function->getArg(0);

    subprogram_ = debug_.describe(*llvm_function, function);
    auto* entry = llvm::BasicBlock::Create(context_, "entry", llvm_function);
    builder_.SetInsertPoint(entry);
    builder_.SetCurrentDebugLocation(debug_.location(subprogram_, {}));
    registers_.clear();
    for (const mir::Register& reg : function.registers) {
      registers_.push_back(builder_.CreateAlloca(i64_, nullptr, reg.name));
    }
    for (uint32_t i = 0; i <= function.param_count; ++i) {
      builder_.CreateStore(llvm_function->getArg(1 + i), registers_[i]);
    }
    // First: when the stack must grow, the function starts over on a new
    // segment, so nothing of this activation may have happened yet.
    if (!function.is_leaf)
      emit_entry_poll(llvm_function);
    home_token_ = nullptr;
    guard_result_ = nullptr;
    if (function.is_home) {
      // A fresh token per activation: a closure's non-local return finds
      // this frame by it, and a stale token never matches a live frame.
      llvm::Value* counter = field_pointer(process_, layout::kProcessFrameCounter);
      llvm::Value* token =
          builder_.CreateAdd(builder_.CreateAlignedLoad(i64_, counter, llvm::Align(8)),
                             llvm::ConstantInt::get(i64_, 1));
      builder_.CreateAlignedStore(token, counter, llvm::Align(8));
      // Linked into the process's live home frames (InkoHomeFrame) until
      // the function returns: a returning closure checks its home is live.
      auto* record = builder_.CreateAlloca(llvm::ArrayType::get(i64_, 2), nullptr, "home_frame");
      home_token_ = record;
      builder_.CreateStore(token, home_token_);
      llvm::Value* top = field_pointer(process_, layout::kProcessHomeFrames);
      builder_.CreateStore(builder_.CreateLoad(i64_, top),
                           builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), record,
                                                               layout::kHomeFrameOuter));
      builder_.CreateStore(builder_.CreatePtrToInt(record, i64_), top);
    }
    defer_list_ = nullptr;
    if (function.uses_defer) {
      // On the stack, the list stays visible to the collector.
      defer_list_ = builder_.CreateAlloca(i64_, nullptr, "defer_list");
      builder_.CreateStore(
          builder_.CreateCall(runtime("inko_defer_enter", i64_, {ptr_}), {process_}), defer_list_);
    }

    blocks_.clear();
    for (size_t b = 0; b < function.blocks.size(); ++b) {
      blocks_.push_back(llvm::BasicBlock::Create(context_, "b" + std::to_string(b), llvm_function));
    }
    builder_.CreateBr(blocks_[0]);
    for (size_t b = 0; b < function.blocks.size(); ++b) {
      builder_.SetInsertPoint(blocks_[b]);
      const mir::Block& block = function.blocks[b];
      for (uint32_t instruction : block.instructions) {
        const mir::Instruction& current = function.instructions[instruction];
        builder_.SetCurrentDebugLocation(debug_.location(subprogram_, current.location));
        lower(current);
      }
      if (block.terminator.location.end != 0)
        builder_.SetCurrentDebugLocation(debug_.location(subprogram_, block.terminator.location));
      terminate(block.terminator);
    }
  }

  llvm::Value* field_pointer(llvm::Value* base, uint64_t offset) {
    return builder_.CreateInBoundsGEP(builder_.getInt8Ty(), base,
                                      llvm::ConstantInt::get(i64_, offset));
  }

  llvm::Value* object_pointer(llvm::Value* value) { return builder_.CreateIntToPtr(value, ptr_); }

  // The safepoint: one compare of the stack pointer with the process's
  // stack limit. The runtime raises the limit to make a process that used up
  // its time slice take the slow path and yield (P20); the slow path also
  // reports stack overflows.
  void emit_poll() {
    emit_slow_path_check();
    builder_.CreateCall(runtime("inko_process_poll", builder_.getVoidTy(), {ptr_}), {process_});
    builder_.CreateBr(resume_);
    builder_.SetInsertPoint(resume_);
  }

  // The check at a function's entry also grows the stack (abi.h, docs/
  // stacks.md): when the runtime says so, the function calls itself again
  // on a new segment through inko_stack_grow_call and returns that result.
  void emit_entry_poll(llvm::Function* function) {
    emit_slow_path_check();
    llvm::CallInst* segment = builder_.CreateCall(
        runtime("inko_process_poll_entry", ptr_, {ptr_, ptr_, i64_}),
        {process_, function, llvm::ConstantInt::get(i64_, function->arg_size())});
    // Both calls are off the fast path (a stack compare): as for guard
    // fallbacks, LLVM's inliner should not count them against a callee.
    segment->addFnAttr(llvm::Attribute::get(context_, "call-inline-cost", "0"));
    auto* grow = llvm::BasicBlock::Create(context_, "grow", function);
    llvm::MDBuilder weights(context_);
    builder_.CreateCondBr(builder_.CreateIsNotNull(segment), grow, resume_,
                          weights.createUnlikelyBranchWeights());
    builder_.SetInsertPoint(grow);
    std::vector<llvm::Value*> arguments;
    for (llvm::Argument& argument : function->args())
      arguments.push_back(&argument);
    llvm::FunctionCallee trampoline =
        module_->getOrInsertFunction("inko_stack_grow_call", builder_.getVoidTy());
    llvm::CallInst* grown =
        builder_.CreateCall(function->getFunctionType(), trampoline.getCallee(), arguments);
    grown->addFnAttr(llvm::Attribute::get(context_, "call-inline-cost", "0"));
    builder_.CreateRet(grown);
    builder_.SetInsertPoint(resume_);
  }

  // Branches to a new "poll" block (the insertion point on return) when
  // the stack pointer is below the process's limit; resume_ continues.
  void emit_slow_path_check() {
    auto* metadata =
        llvm::MDNode::get(context_, llvm::MDString::get(context_, stack_pointer_name_));
    llvm::Function* read_register =
        llvm::Intrinsic::getDeclaration(module_.get(), llvm::Intrinsic::read_register, {i64_});
    llvm::Value* stack_pointer =
        builder_.CreateCall(read_register, {llvm::MetadataAsValue::get(context_, metadata)});
    // Volatile: another thread may raise the limit at any time.
    llvm::LoadInst* limit = builder_.CreateAlignedLoad(
        i64_, field_pointer(process_, layout::kProcessStackLimit), llvm::Align(8), "stack_limit");
    limit->setVolatile(true);
    llvm::Value* slow = builder_.CreateICmpULT(stack_pointer, limit);
    llvm::Function* function = builder_.GetInsertBlock()->getParent();
    auto* poll = llvm::BasicBlock::Create(context_, "poll", function);
    resume_ = llvm::BasicBlock::Create(context_, "resume", function);
    llvm::MDBuilder weights(context_);
    builder_.CreateCondBr(slow, poll, resume_, weights.createUnlikelyBranchWeights());
    builder_.SetInsertPoint(poll);
  }

  // ---- Instructions ------------------------------------------------------------

  llvm::Value* read(const mir::Instruction& instruction, uint32_t argument) {
    mir::RegisterId reg = current_->arguments[instruction.args_begin + argument];
    return builder_.CreateLoad(i64_, registers_[reg]);
  }

  std::vector<llvm::Value*> read_all(const mir::Instruction& instruction, uint32_t from = 0) {
    std::vector<llvm::Value*> values;
    for (uint32_t i = from; i < instruction.args_count; ++i)
      values.push_back(read(instruction, i));
    return values;
  }

  llvm::Value* boolean(llvm::Value* condition) {
    return builder_.CreateSelect(condition, objects_.singleton(mir::Singleton::True),
                                 objects_.singleton(mir::Singleton::False));
  }

  void lower(const mir::Instruction& instruction) {
    llvm::Value* result = nullptr;
    switch (instruction.op) {
    case Opcode::Integer:
      result = llvm::ConstantInt::get(i64_, (static_cast<uint64_t>(instruction.integer) << 1) | 1);
      break;
    case Opcode::BigInteger: {
      const std::string& text = program_.strings[instruction.index];
      result = builder_.CreateCall(runtime("inko_integer_parse_decimal", i64_, {ptr_, ptr_, i64_}),
                                   {process_, builder_.CreateGlobalStringPtr(text),
                                    llvm::ConstantInt::get(i64_, text.size())});
      break;
    }
    case Opcode::Float:
      // Floats are immutable: a literal is one permanent object.
      result = objects_.float_constant(instruction.real);
      break;
    case Opcode::String:
      result = objects_.string_literal(instruction.index);
      break;
    case Opcode::Module:
      result = objects_.module_object(instruction.index);
      break;
    case Opcode::Prototype:
      result = objects_.prototype_object(instruction.index);
      break;
    case Opcode::Singleton:
      result = objects_.singleton(static_cast<mir::Singleton>(instruction.index));
      break;
    case Opcode::Absent:
      result = llvm::ConstantInt::get(i64_, 0);
      break;
    case Opcode::Move:
      result = read(instruction, 0);
      break;
    case Opcode::IsAbsent:
      result =
          boolean(builder_.CreateICmpEQ(read(instruction, 0), llvm::ConstantInt::get(i64_, 0)));
      break;
    case Opcode::GetSlot:
      result = builder_.CreateLoad(
          i64_, field_pointer(object_pointer(read(instruction, 0)),
                              layout::kObjectSlots + 8 * uint64_t{instruction.index}));
      break;
    case Opcode::SetSlot: {
      llvm::Value* object = object_pointer(read(instruction, 0));
      result = storable_in(object, read(instruction, 1));
      builder_.CreateStore(
          result, field_pointer(object, layout::kObjectSlots + 8 * uint64_t{instruction.index}));
      break;
    }
    case Opcode::GetGlobal:
      result = builder_.CreateLoad(i64_, objects_.global(instruction.index));
      break;
    case Opcode::SetGlobal:
      // Module constants and what they reach are shared by all processes
      // and never collected (P8): the value is promoted in place.
      result = builder_.CreateCall(runtime("inko_value_make_permanent", i64_, {ptr_, i64_}),
                                   {process_, read(instruction, 0)});
      builder_.CreateStore(result, objects_.global(instruction.index));
      break;
    case Opcode::Allocate:
      result = builder_.CreateCall(runtime("inko_object_allocate", i64_, {ptr_, ptr_}),
                                   {process_, objects_.class_pointer(instruction.index)});
      break;
    case Opcode::NewCell:
      result = builder_.CreateCall(runtime("inko_cell_new", i64_, {ptr_, i64_}),
                                   {process_, read(instruction, 0)});
      break;
    case Opcode::CellGet:
      result = builder_.CreateLoad(
          i64_, field_pointer(object_pointer(read(instruction, 0)), layout::kCellValue));
      break;
    case Opcode::CellSet: {
      // A closure stored in a constant shares its cells with every process.
      llvm::Value* cell = object_pointer(read(instruction, 0));
      result = storable_in(cell, read(instruction, 1));
      builder_.CreateStore(result, field_pointer(cell, layout::kCellValue));
      break;
    }
    case Opcode::NewArray:
      result = new_array(instruction);
      break;
    case Opcode::MakeBlock:
      result = make_block(instruction);
      break;
    case Opcode::Lambda:
      result = objects_.lambda_constant(functions_[instruction.index],
                                        static_cast<uint32_t>(instruction.integer));
      break;
    case Opcode::BlockSelf:
      result = builder_.CreateLoad(
          i64_, field_pointer(object_pointer(read(instruction, 0)), layout::kBlockSelf));
      break;
    case Opcode::BlockCell:
      result = builder_.CreateLoad(
          i64_, field_pointer(object_pointer(read(instruction, 0)),
                              layout::kBlockCells + 8 * uint64_t{instruction.index}));
      break;
    case Opcode::CallStatic:
      if (instruction.flags & (mir::kGuardReceiver | mir::kGuardNotNil)) {
        result = call_guarded(instruction);
        break;
      }
      result = call_static(instruction);
      break;
    case Opcode::CallDynamic:
      result = call_dynamic(instruction);
      break;
    case Opcode::CallBlock: {
      llvm::Value* block = read(instruction, 0);
      llvm::Value* function =
          builder_.CreateLoad(ptr_, field_pointer(object_pointer(block), layout::kBlockFunction));
      std::vector<llvm::Value*> arguments{process_, block};
      for (llvm::Value* value : read_all(instruction, 1))
        arguments.push_back(value);
      llvm::Value* call =
          builder_.CreateCall(function_type(instruction.args_count), function, arguments);
      result = after_call(instruction, call, true);
      break;
    }
    case Opcode::CallIntrinsic: {
      auto id = static_cast<check::IntrinsicId>(instruction.index);
      result = emit_inline_intrinsic(builder_, objects_, process_, id, read_all(instruction));
      if (result != nullptr)
        break;
      const check::IntrinsicInfo& info = check::intrinsic_info(id);

      std::vector<llvm::Type*> params(instruction.args_count + 1, i64_);
      params[0] = ptr_;
      std::vector<llvm::Value*> arguments{process_};
      for (llvm::Value* value : read_all(instruction))
        arguments.push_back(value);
      if (mir::intrinsic_returns_result(instruction.index)) {
        llvm::Value* call = builder_.CreateCall(
            module_->getOrInsertFunction(info.symbol,
                                         llvm::FunctionType::get(result_type_, params, false)),
            arguments);
        result = after_call(instruction, call, true);
        break;
      }
      result = builder_.CreateCall(
          module_->getOrInsertFunction(info.symbol, llvm::FunctionType::get(i64_, params, false)),
          arguments);
      break;
    }
    case Opcode::ClassIs:
      result = boolean(builder_.CreateICmpEQ(class_of(read(instruction, 0)),
                                             objects_.class_pointer(instruction.index)));
      break;
    case Opcode::Panic:
      builder_.CreateCall(runtime("inko_process_panic", builder_.getVoidTy(), {ptr_, i64_}, true),
                          {process_, read(instruction, 0)});
      result = llvm::ConstantInt::get(i64_, 0);
      break;
    }
    if (instruction.dst != mir::kNone && result != nullptr) {
      builder_.CreateStore(result, registers_[instruction.dst]);
    }
  }

  // `value`, made permanent in place when `object` is permanent (a module
  // constant or reachable from one, P8): the collector traces no permanent
  // object, so what one refers to must be permanent too (docs/memory.md).
  // The value keeps its identity. Integers need nothing, and LLVM drops the
  // whole test where it knows the tag (a loop counter captured by a block).
  llvm::Value* storable_in(llvm::Value* object, llvm::Value* value) {
    llvm::Function* function = builder_.GetInsertBlock()->getParent();
    auto* into_object = llvm::BasicBlock::Create(context_, "object_stored", function);
    auto* permanent = llvm::BasicBlock::Create(context_, "into_permanent", function);
    auto* done = llvm::BasicBlock::Create(context_, "storable", function);
    llvm::Value* tag = builder_.CreateAnd(value, llvm::ConstantInt::get(i64_, 7));
    builder_.CreateCondBr(builder_.CreateICmpEQ(tag, llvm::ConstantInt::get(i64_, 0)), into_object,
                          done);
    builder_.SetInsertPoint(into_object);
    llvm::Value* flags = builder_.CreateLoad(i64_, field_pointer(object, layout::kHeaderFlags));
    llvm::MDBuilder weights(context_);
    builder_.CreateCondBr(builder_.CreateTrunc(flags, builder_.getInt1Ty()), permanent, done,
                          weights.createUnlikelyBranchWeights());
    builder_.SetInsertPoint(permanent);
    builder_.CreateCall(runtime("inko_value_make_permanent", i64_, {ptr_, i64_}),
                        {process_, value});
    builder_.CreateBr(done);
    builder_.SetInsertPoint(done);
    return value;
  }

  // The class of a value: small Integers (tag bit set) have no header.
  llvm::Value* class_of(llvm::Value* value) {
    llvm::Function* function = builder_.GetInsertBlock()->getParent();
    llvm::BasicBlock* start = builder_.GetInsertBlock();
    auto* object = llvm::BasicBlock::Create(context_, "object_class", function);
    auto* done = llvm::BasicBlock::Create(context_, "class_known", function);
    builder_.CreateCondBr(builder_.CreateTrunc(value, builder_.getInt1Ty()), done, object);
    builder_.SetInsertPoint(object);
    llvm::Value* loaded = builder_.CreateLoad(ptr_, object_pointer(value));
    builder_.CreateBr(done);
    builder_.SetInsertPoint(done);
    llvm::PHINode* klass = builder_.CreatePHI(ptr_, 2);
    klass->addIncoming(objects_.integer_class(), start);
    klass->addIncoming(loaded, object);
    return klass;
  }

  // A new Array holding `values` (rest arguments, unknown_message's).
  llvm::Value* array_of(const std::vector<llvm::Value*>& values,
                        const char* make = "inko_array_from_values") {
    llvm::Value* buffer = llvm::ConstantPointerNull::get(ptr_);
    if (!values.empty()) {
      llvm::Function* function = builder_.GetInsertBlock()->getParent();
      llvm::IRBuilder<> entry(&function->getEntryBlock(), function->getEntryBlock().begin());
      auto* slots = entry.CreateAlloca(llvm::ArrayType::get(i64_, values.size()));
      for (size_t i = 0; i < values.size(); ++i) {
        builder_.CreateStore(
            values[i], builder_.CreateConstInBoundsGEP2_64(slots->getAllocatedType(), slots, 0, i));
      }
      buffer = slots;
    }
    return builder_.CreateCall(runtime(make, i64_, {ptr_, i64_, ptr_}),
                               {process_, llvm::ConstantInt::get(i64_, values.size()), buffer});
  }

  llvm::Value* new_array(const mir::Instruction& instruction) {
    llvm::Value* values = llvm::ConstantPointerNull::get(ptr_);
    if (instruction.args_count > 0) {
      llvm::Function* function = builder_.GetInsertBlock()->getParent();
      llvm::IRBuilder<> entry(&function->getEntryBlock(), function->getEntryBlock().begin());
      auto* buffer = entry.CreateAlloca(llvm::ArrayType::get(i64_, instruction.args_count));
      for (uint32_t i = 0; i < instruction.args_count; ++i) {
        builder_.CreateStore(read(instruction, i), builder_.CreateConstInBoundsGEP2_64(
                                                       buffer->getAllocatedType(), buffer, 0, i));
      }
      values = buffer;
    }
    return builder_.CreateCall(
        runtime("inko_array_from_values", i64_, {ptr_, i64_, ptr_}),
        {process_, llvm::ConstantInt::get(i64_, instruction.args_count), values});
  }

  llvm::Value* current_home_token() {
    if (home_token_ != nullptr)
      return builder_.CreateLoad(i64_, home_token_);
    if (current_->is_block) {
      // A closure inside a closure returns to the same home.
      llvm::Value* block = builder_.CreateLoad(i64_, registers_[0]);
      return builder_.CreateLoad(i64_,
                                 field_pointer(object_pointer(block), layout::kBlockHomeToken));
    }
    return llvm::ConstantInt::get(i64_, 0);
  }

  llvm::Value* make_block(const mir::Instruction& instruction) {
    uint32_t cells = instruction.args_count - 1;
    llvm::Value* block =
        builder_.CreateCall(runtime("inko_block_new", i64_, {ptr_, ptr_, i64_, i64_, i64_}),
                            {process_, functions_[instruction.index], read(instruction, 0),
                             current_home_token(), llvm::ConstantInt::get(i64_, cells)});
    for (uint32_t i = 0; i < cells; ++i) {
      builder_.CreateStore(read(instruction, 1 + i),
                           field_pointer(object_pointer(block), layout::kBlockCells + 8 * i));
    }
    return block;
  }

  llvm::Value* call_static(const mir::Instruction& instruction) {
    std::vector<llvm::Value*> arguments{process_};
    for (llvm::Value* value : read_all(instruction))
      arguments.push_back(value);
    llvm::Value* call = builder_.CreateCall(functions_[instruction.index], arguments);
    return after_call(instruction, call, program_.functions[instruction.index].may_unwind);
  }

  // A static call whose receiver may be Nil or of another class: the
  // expected class calls the method directly; any other receiver gets the
  // message by name through an out-of-line helper (send_by_name.h), so the
  // check adds one compare and a call to the caller's code and frame. For
  // Integer methods the tag test comes first and LLVM folds it into the
  // inlined fast path.
  llvm::Value* call_guarded(const mir::Instruction& instruction) {
    llvm::Function* parent = builder_.GetInsertBlock()->getParent();
    auto* expected = llvm::BasicBlock::Create(context_, "expected_receiver", parent);
    auto* other = llvm::BasicBlock::Create(context_, "unexpected_receiver", parent);
    auto* done = llvm::BasicBlock::Create(context_, "called", parent);
    llvm::MDBuilder weights(context_);
    if (instruction.flags & mir::kGuardNotNil) {
      llvm::Value* not_nil =
          builder_.CreateICmpNE(read(instruction, 0), objects_.singleton(mir::Singleton::Nil));
      builder_.CreateCondBr(not_nil, expected, other, weights.createLikelyBranchWeights());
    } else {
      // The tag test first: for Integer methods LLVM folds it into the
      // inlined fast path, so small Integers pay nothing.
      auto* heap = llvm::BasicBlock::Create(context_, "heap_receiver", parent);
      uint32_t klass = mir::guard_class(instruction.integer);
      bool integer = program_.classes[klass].symbol == "inko_class_integer";
      if (integer && instruction.args_count == 2) {
        // Binary operators: the inlined intrinsic tests both operands'
        // tags the same way, so LLVM merges the two tests into one.
        auto* receiver_tag = llvm::BasicBlock::Create(context_, "receiver_tag", parent);
        llvm::Value* both = builder_.CreateAnd(read(instruction, 0), read(instruction, 1));
        builder_.CreateCondBr(builder_.CreateTrunc(both, builder_.getInt1Ty()), expected,
                              receiver_tag);
        builder_.SetInsertPoint(receiver_tag);
      }
      builder_.CreateCondBr(builder_.CreateTrunc(read(instruction, 0), builder_.getInt1Ty()),
                            integer ? expected : other, heap);
      builder_.SetInsertPoint(heap);
      // An object's class never changes (the collector does not move
      // objects, docs/memory.md): LLVM may hoist the check out of loops and
      // merge repeated ones.
      llvm::LoadInst* header = builder_.CreateLoad(ptr_, object_pointer(read(instruction, 0)));
      header->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(context_, {}));
      builder_.CreateCondBr(builder_.CreateICmpEQ(header, objects_.class_pointer(klass)), expected,
                            other, weights.createLikelyBranchWeights());
    }

    // Each path reads the arguments again and both store their result in
    // one slot per function: values live across the branch would each take
    // a stack slot in unoptimised code, where deep recursion needs small
    // frames (LLVM's mem2reg removes the slot when optimising).
    if (guard_result_ == nullptr) {
      llvm::IRBuilder<> entry(&parent->getEntryBlock(), parent->getEntryBlock().begin());
      guard_result_ = entry.CreateAlloca(result_type_, nullptr, "guarded_result");
    }
    builder_.SetInsertPoint(expected);
    std::vector<llvm::Value*> arguments{process_};
    for (llvm::Value* value : read_all(instruction))
      arguments.push_back(value);
    builder_.CreateStore(builder_.CreateCall(functions_[instruction.index], arguments),
                         guard_result_);
    builder_.CreateBr(done);

    builder_.SetInsertPoint(other);
    arguments = {process_};
    for (llvm::Value* value : read_all(instruction))
      arguments.push_back(value);
    builder_.CreateStore(
        builder_.CreateCall(by_name_.get(mir::guard_selector(instruction.integer),
                                         instruction.args_count,
                                         program_.functions[instruction.index].may_unwind),
                            arguments),
        guard_result_);
    builder_.CreateBr(done);

    builder_.SetInsertPoint(done);
    llvm::Value* result = builder_.CreateLoad(result_type_, guard_result_);
    // When the static callee cannot unwind its callers do not check the
    // status, so whatever the send reached is taken at its value.
    return after_call(instruction, result, program_.functions[instruction.index].may_unwind);
  }

  // A dynamic send whose receiver may be a small Integer: Integer's method
  // for the selector is known at compile time, so a tagged receiver calls
  // it directly (and LLVM may inline it) instead of probing the class
  // table. Generic code over Integers (Map keys, K's `==`) sends this way.
  llvm::Value* call_dynamic(const mir::Instruction& instruction) {
    std::optional<mir::FunctionId> direct = integer_method(instruction);
    if (!direct)
      return send_dynamic(instruction);
    llvm::Function* parent = builder_.GetInsertBlock()->getParent();
    auto* small = llvm::BasicBlock::Create(context_, "small_integer", parent);
    auto* other = llvm::BasicBlock::Create(context_, "other_receiver", parent);
    auto* done = llvm::BasicBlock::Create(context_, "sent_to_any", parent);
    llvm::Value* receiver = read(instruction, 0);
    builder_.CreateCondBr(builder_.CreateTrunc(receiver, builder_.getInt1Ty()), small, other);

    builder_.SetInsertPoint(small);
    std::vector<llvm::Value*> arguments{process_};
    for (llvm::Value* value : read_all(instruction))
      arguments.push_back(value);
    llvm::Value* call = builder_.CreateCall(functions_[*direct], arguments);
    llvm::Value* small_value =
        after_call(instruction, call, program_.functions[*direct].may_unwind);
    llvm::BasicBlock* small_end = builder_.GetInsertBlock();
    builder_.CreateBr(done);

    builder_.SetInsertPoint(other);
    llvm::Value* other_value = send_dynamic(instruction);
    llvm::BasicBlock* other_end = builder_.GetInsertBlock();
    builder_.CreateBr(done);

    builder_.SetInsertPoint(done);
    llvm::PHINode* result = builder_.CreatePHI(i64_, 2);
    result->addIncoming(small_value, small_end);
    result->addIncoming(other_value, other_end);
    return result;
  }

  // Integer's function for the send's selector when it takes the send's
  // arguments, else none (no fast path).
  std::optional<mir::FunctionId> integer_method(const mir::Instruction& instruction) {
    if (!integer_methods_built_) {
      for (const mir::Class& klass : program_.classes) {
        if (klass.symbol != "inko_class_integer")
          continue;
        for (auto& [selector, function] : klass.methods)
          integer_methods_.emplace(selector, function);
      }
      integer_methods_built_ = true;
    }
    auto found = integer_methods_.find(instruction.index);
    if (found == integer_methods_.end())
      return std::nullopt;
    llvm::Function* function = functions_[found->second];
    if (function == nullptr || function->arg_size() != instruction.args_count + 1)
      return std::nullopt;
    return found->second;
  }

  llvm::Value* send_dynamic(const mir::Instruction& instruction) {
    llvm::Value* receiver = read(instruction, 0);
    llvm::Value* function = builder_.CreateCall(
        objects_.lookup_function(),
        {receiver, llvm::ConstantInt::get(i64_, uint64_t{instruction.index} + 1)});
    llvm::Function* parent = builder_.GetInsertBlock()->getParent();
    auto* found = llvm::BasicBlock::Create(context_, "found", parent);
    auto* missing = llvm::BasicBlock::Create(context_, "missing", parent);
    auto* done = llvm::BasicBlock::Create(context_, "sent", parent);
    llvm::MDBuilder weights(context_);
    builder_.CreateCondBr(builder_.CreateIsNull(function), missing, found,
                          weights.createUnlikelyBranchWeights());

    // A message the receiver lacks: Nil answers Nil (L89); an object with
    // unknown_message gets the name and the positional arguments (L59);
    // anything else panics naming the message.
    builder_.SetInsertPoint(missing);
    auto* is_nil = llvm::BasicBlock::Create(context_, "nil", parent);
    auto* not_nil = llvm::BasicBlock::Create(context_, "not_nil", parent);
    auto* forward = llvm::BasicBlock::Create(context_, "unknown_message", parent);
    auto* not_understood = llvm::BasicBlock::Create(context_, "not_understood", parent);
    builder_.CreateCondBr(builder_.CreateICmpEQ(receiver, objects_.singleton(mir::Singleton::Nil)),
                          is_nil, not_nil);
    builder_.SetInsertPoint(not_nil);
    const std::string& name = program_.selectors[instruction.index];
    llvm::Value* handler = builder_.CreateCall(
        objects_.lookup_function(),
        {receiver, llvm::ConstantInt::get(i64_, uint64_t{program_.unknown_message_selector} + 1)});
    builder_.CreateCondBr(builder_.CreateIsNull(handler), not_understood, forward);
    builder_.SetInsertPoint(forward);
    // Defaults not given (the word 0) are not arguments of unknown_message.
    std::vector<llvm::Value*> rest = read_all(instruction, 1);
    llvm::Value* rest_array = array_of(rest, "inko_array_from_given_values");
    llvm::Value* forwarded =
        builder_.CreateCall(function_type(3), handler,
                            {process_, receiver, objects_.string_constant(name), rest_array});
    llvm::Value* forwarded_value = after_call(instruction, forwarded, true);
    llvm::BasicBlock* forward_end = builder_.GetInsertBlock();
    builder_.CreateBr(done);
    builder_.SetInsertPoint(not_understood);
    builder_.CreateCall(runtime("inko_message_not_understood", builder_.getVoidTy(),
                                {ptr_, i64_, ptr_, i64_}, true),
                        {process_, receiver, builder_.CreateGlobalStringPtr(name),
                         llvm::ConstantInt::get(i64_, name.size())});
    builder_.CreateUnreachable();
    builder_.SetInsertPoint(is_nil);
    builder_.CreateBr(done);

    builder_.SetInsertPoint(found);
    std::vector<llvm::Value*> arguments{process_};
    for (llvm::Value* value : read_all(instruction))
      arguments.push_back(value);
    llvm::Value* call =
        builder_.CreateCall(function_type(instruction.args_count), function, arguments);
    llvm::Value* value = after_call(instruction, call, true);
    llvm::BasicBlock* found_end = builder_.GetInsertBlock();
    builder_.CreateBr(done);

    builder_.SetInsertPoint(done);
    llvm::PHINode* result = builder_.CreatePHI(i64_, 3);
    result->addIncoming(objects_.singleton(mir::Singleton::Nil), is_nil);
    result->addIncoming(forwarded_value, forward_end);
    result->addIncoming(value, found_end);
    return result;
  }

  // Handles the status of a call that may unwind: a throw goes to the
  // instruction's handler if it has one; a non-local return aimed at this
  // frame ends it normally; anything else is passed on to our caller.
  llvm::Value* after_call(const mir::Instruction& instruction, llvm::Value* call, bool may_unwind) {
    llvm::Value* value = builder_.CreateExtractValue(call, 0);
    if (!may_unwind)
      return value;
    llvm::Value* status = builder_.CreateExtractValue(call, 1);
    llvm::Function* parent = builder_.GetInsertBlock()->getParent();
    auto* unwinding = llvm::BasicBlock::Create(context_, "unwinding", parent);
    auto* next = llvm::BasicBlock::Create(context_, "next", parent);
    llvm::MDBuilder weights(context_);
    builder_.CreateCondBr(builder_.CreateICmpNE(status, llvm::ConstantInt::get(i64_, 0)), unwinding,
                          next, weights.createUnlikelyBranchWeights());
    builder_.SetInsertPoint(unwinding);
    if (instruction.handler != mir::kNone) {
      auto* caught = llvm::BasicBlock::Create(context_, "caught", parent);
      auto* other = llvm::BasicBlock::Create(context_, "not_thrown", parent);
      builder_.CreateCondBr(
          builder_.CreateICmpEQ(status, llvm::ConstantInt::get(i64_, mir::kStatusThrow)), caught,
          other);
      builder_.SetInsertPoint(caught);
      builder_.CreateStore(value, registers_[instruction.error]);
      builder_.CreateBr(blocks_[instruction.handler]);
      builder_.SetInsertPoint(other);
    }
    if (current_->is_home) {
      auto* ours = llvm::BasicBlock::Create(context_, "returned_here", parent);
      auto* pass = llvm::BasicBlock::Create(context_, "pass_on", parent);
      llvm::Value* is_return =
          builder_.CreateICmpEQ(status, llvm::ConstantInt::get(i64_, mir::kStatusReturn));
      llvm::Value* target =
          builder_.CreateLoad(i64_, field_pointer(process_, layout::kProcessUnwindTarget));
      llvm::Value* matches = builder_.CreateICmpEQ(target, builder_.CreateLoad(i64_, home_token_));
      builder_.CreateCondBr(builder_.CreateAnd(is_return, matches), ours, pass);
      builder_.SetInsertPoint(ours);
      return_value(value, 0);
      builder_.SetInsertPoint(pass);
    }
    emit_ret(call);
    builder_.SetInsertPoint(next);
    return value;
  }

  // Every return of an Inko function: a function with deferred blocks runs
  // them first, whatever way it is left (P13).
  void emit_ret(llvm::Value* result) {
    if (defer_list_ != nullptr) {
      builder_.CreateCall(runtime("inko_defer_leave", builder_.getVoidTy(), {ptr_, i64_}),
                          {process_, builder_.CreateLoad(i64_, defer_list_)});
    }
    if (home_token_ != nullptr) {
      builder_.CreateStore(builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(
                                                         builder_.getInt8Ty(), home_token_,
                                                         layout::kHomeFrameOuter)),
                           field_pointer(process_, layout::kProcessHomeFrames));
    }
    builder_.CreateRet(result);
  }

  void return_value(llvm::Value* value, int64_t status) {
    llvm::Value* result = llvm::UndefValue::get(result_type_);
    result = builder_.CreateInsertValue(result, value, 0);
    result = builder_.CreateInsertValue(result, llvm::ConstantInt::get(i64_, status), 1);
    emit_ret(result);
  }

  void terminate(const mir::Terminator& terminator) {
    switch (terminator.kind) {
    case TerminatorKind::Return:
      return_value(builder_.CreateLoad(i64_, registers_[terminator.value]), mir::kStatusNormal);
      break;
    case TerminatorKind::Goto:
      if (terminator.back_edge)
        emit_poll();
      builder_.CreateBr(blocks_[terminator.target]);
      break;
    case TerminatorKind::Branch: {
      // Truthy unless False or Nil (L91).
      llvm::Value* value = builder_.CreateLoad(i64_, registers_[terminator.value]);
      llvm::Value* is_false =
          builder_.CreateICmpEQ(value, objects_.singleton(mir::Singleton::False));
      llvm::Value* is_nil = builder_.CreateICmpEQ(value, objects_.singleton(mir::Singleton::Nil));
      builder_.CreateCondBr(builder_.CreateOr(is_false, is_nil), blocks_[terminator.otherwise],
                            blocks_[terminator.target]);
      break;
    }
    case TerminatorKind::Throw:
      return_value(builder_.CreateLoad(i64_, registers_[terminator.value]), mir::kStatusThrow);
      break;
    case TerminatorKind::NonLocalReturn: {
      llvm::Value* target = current_home_token();
      builder_.CreateCall(runtime("inko_process_check_return", builder_.getVoidTy(), {ptr_, i64_}),
                          {process_, target});
      builder_.CreateStore(target, field_pointer(process_, layout::kProcessUnwindTarget));
      return_value(builder_.CreateLoad(i64_, registers_[terminator.value]), mir::kStatusReturn);
      break;
    }
    case TerminatorKind::Unreachable:
      builder_.CreateUnreachable();
      break;
    }
  }

  // Runs every module body in load order inside the main process; a throw
  // or stray return that escapes one ends the process as P16 says.
  void define_program_main() {
    auto* type = llvm::FunctionType::get(builder_.getVoidTy(), {ptr_}, false);
    auto* main = llvm::Function::Create(type, llvm::Function::ExternalLinkage, "inko_program_main",
                                        module_.get());
    builder_.SetCurrentDebugLocation(llvm::DebugLoc());
    llvm::Value* process = main->getArg(0);
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", main));
    for (uint32_t id : program_.init_order) {
      const mir::Module& module = program_.modules[id];
      llvm::CallInst* call =
          builder_.CreateCall(functions_[module.body], {process, objects_.module_object(id)});
      // A module body keeps its own frame: traces start with it (P15.4),
      // and this function is not Inko code.
      call->addFnAttr(llvm::Attribute::NoInline);
      if (!program_.functions[module.body].may_unwind)
        continue;
      llvm::Value* status = builder_.CreateExtractValue(call, 1);
      auto* failed = llvm::BasicBlock::Create(context_, "unhandled", main);
      auto* next = llvm::BasicBlock::Create(context_, "next", main);
      builder_.CreateCondBr(builder_.CreateICmpNE(status, llvm::ConstantInt::get(i64_, 0)), failed,
                            next);
      builder_.SetInsertPoint(failed);
      builder_.CreateCall(
          runtime("inko_process_unhandled_unwind", builder_.getVoidTy(), {ptr_, i64_, i64_}, true),
          {process, builder_.CreateExtractValue(call, 0), status});
      builder_.CreateUnreachable();
      builder_.SetInsertPoint(next);
    }
    builder_.CreateRetVoid();
  }

  const mir::Program& program_;
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> module_;
  llvm::IRBuilder<> builder_;
  ObjectEmitter objects_;
  DebugInfo debug_;
  llvm::DISubprogram* subprogram_ = nullptr;
  llvm::Type* i64_;
  llvm::PointerType* ptr_;
  llvm::StructType* result_type_;
  std::string stack_pointer_name_;
  std::vector<llvm::Function*> functions_;
  ByNameSends by_name_{program_, *module_, objects_, functions_};
  // Integer's dispatch table: selector -> function (see call_dynamic).
  std::unordered_map<uint32_t, mir::FunctionId> integer_methods_;
  bool integer_methods_built_ = false;
  std::vector<llvm::AllocaInst*> registers_;
  std::vector<llvm::BasicBlock*> blocks_;
  const mir::Function* current_ = nullptr;
  llvm::Value* process_ = nullptr;
  llvm::AllocaInst* home_token_ = nullptr;
  llvm::AllocaInst* guard_result_ = nullptr; // see call_guarded
  llvm::AllocaInst* defer_list_ = nullptr;
  llvm::BasicBlock* resume_ = nullptr; // after the slow path of a stack check
};

} // namespace

std::unique_ptr<llvm::Module> lower_program(const mir::Program& program,
                                            const SourceManager& sources,
                                            llvm::LLVMContext& context,
                                            const std::string& llvm_triple, bool optimized) {
  return Lowering(program, sources, context, llvm_triple, optimized).run();
}

} // namespace inko::codegen
