#include "codegen/lower.h"

#include "check/program.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/TargetParser/Triple.h>
#include <unordered_map>
#include <vector>

namespace inko::codegen {
namespace {

using mir::Opcode;
using mir::TerminatorKind;

// Mirrors INKO_HEADER_PERMANENT in abi.h.
constexpr uint64_t kHeaderPermanent = 1;

class Lowering {
public:
  Lowering(const mir::Program& program, llvm::LLVMContext& context, const std::string& triple)
      : program_(program), context_(context),
        module_(std::make_unique<llvm::Module>("inko", context)), builder_(context) {
    module_->setTargetTriple(triple);
    value_type_ = llvm::Type::getInt64Ty(context);
    pointer_type_ = llvm::PointerType::get(context, 0);
    result_type_ = llvm::StructType::get(context, {value_type_, value_type_});
    stack_pointer_name_ = llvm::Triple(triple).isAArch64() ? "sp" : "rsp";
  }

  std::unique_ptr<llvm::Module> run() {
    for (const mir::Function& function : program_.functions)
      declare(function);
    for (size_t i = 0; i < program_.functions.size(); ++i)
      define(i);
    define_program_main();
    return std::move(module_);
  }

private:
  void declare(const mir::Function& function) {
    std::vector<llvm::Type*> params{pointer_type_};
    params.insert(params.end(), function.param_count + 1, value_type_);
    auto* type = llvm::FunctionType::get(result_type_, params, false);
    auto* llvm_function = llvm::Function::Create(type, llvm::Function::InternalLinkage,
                                                 function.symbol, module_.get());
    // Inko code never throws C++ exceptions; unwind tables stay for stack
    // traces, frame pointers for debuggers and profilers.
    llvm_function->addFnAttr(llvm::Attribute::NoUnwind);
    llvm_function->setUWTableKind(llvm::UWTableKind::Async);
    llvm_function->addFnAttr("frame-pointer", "all");
    functions_.push_back(llvm_function);
  }

  void define(size_t index) {
    const mir::Function& function = program_.functions[index];
    llvm::Function* llvm_function = functions_[index];
    process_ = llvm_function->getArg(0);

    auto* entry = llvm::BasicBlock::Create(context_, "entry", llvm_function);
    builder_.SetInsertPoint(entry);
    registers_.clear();
    for (const mir::Register& reg : function.registers) {
      registers_.push_back(builder_.CreateAlloca(value_type_, nullptr, reg.name));
    }
    for (uint32_t i = 0; i <= function.param_count; ++i) {
      builder_.CreateStore(llvm_function->getArg(1 + i), registers_[i]);
    }
    emit_poll(llvm_function);

    blocks_.clear();
    for (size_t b = 0; b < function.blocks.size(); ++b) {
      blocks_.push_back(llvm::BasicBlock::Create(context_, "b" + std::to_string(b), llvm_function));
    }
    builder_.CreateBr(blocks_[0]);
    for (size_t b = 0; b < function.blocks.size(); ++b) {
      builder_.SetInsertPoint(blocks_[b]);
      const mir::Block& block = function.blocks[b];
      for (uint32_t instruction : block.instructions) {
        lower(function, function.instructions[instruction]);
      }
      terminate(block.terminator);
    }
  }

  // The safepoint: one compare of the stack pointer against the process's
  // limit. The runtime lowers the limit to force the slow path when the
  // process must yield; the slow path also reports stack overflows.
  void emit_poll(llvm::Function* function) {
    auto* metadata =
        llvm::MDNode::get(context_, llvm::MDString::get(context_, stack_pointer_name_));
    llvm::Function* read_register = llvm::Intrinsic::getDeclaration(
        module_.get(), llvm::Intrinsic::read_register, {value_type_});
    llvm::Value* stack_pointer =
        builder_.CreateCall(read_register, {llvm::MetadataAsValue::get(context_, metadata)});
    // InkoProcessHot::stack_limit is the process's first word.
    llvm::Value* limit =
        builder_.CreateAlignedLoad(value_type_, process_, llvm::Align(8), "stack_limit");
    llvm::Value* below = builder_.CreateICmpULT(stack_pointer, limit);
    auto* slow = llvm::BasicBlock::Create(context_, "poll", function);
    auto* resume = llvm::BasicBlock::Create(context_, "body", function);
    llvm::MDBuilder weights(context_);
    builder_.CreateCondBr(below, slow, resume, weights.createUnlikelyBranchWeights());
    builder_.SetInsertPoint(slow);
    auto callee = module_->getOrInsertFunction(
        "inko_process_poll", llvm::FunctionType::get(builder_.getVoidTy(), {pointer_type_}, false));
    builder_.CreateCall(callee, {process_});
    builder_.CreateBr(resume);
    builder_.SetInsertPoint(resume);
  }

  llvm::Value* read(const mir::Function& function, const mir::Instruction& instruction,
                    uint32_t argument) {
    mir::RegisterId reg = function.arguments[instruction.args_begin + argument];
    return builder_.CreateLoad(value_type_, registers_[reg]);
  }

  void lower(const mir::Function& function, const mir::Instruction& instruction) {
    llvm::Value* result = nullptr;
    switch (instruction.op) {
    case Opcode::Integer:
      result = llvm::ConstantInt::get(value_type_,
                                      (static_cast<uint64_t>(instruction.integer) << 1) | 1);
      break;
    case Opcode::String:
      result = string_literal(instruction.index);
      break;
    case Opcode::Module:
      result = module_object(instruction.index);
      break;
    case Opcode::Singleton:
      result = singleton(static_cast<mir::Singleton>(instruction.index));
      break;
    case Opcode::Move:
      result = read(function, instruction, 0);
      break;
    case Opcode::CallStatic:
      result = call_static(function, instruction);
      break;
    case Opcode::CallIntrinsic:
      result = call_intrinsic(function, instruction);
      break;
    }
    if (instruction.dst != mir::kNone)
      builder_.CreateStore(result, registers_[instruction.dst]);
  }

  llvm::Value* call_static(const mir::Function& function, const mir::Instruction& instruction) {
    std::vector<llvm::Value*> arguments{process_};
    for (uint32_t i = 0; i < instruction.args_count; ++i) {
      arguments.push_back(read(function, instruction, i));
    }
    llvm::Value* result = builder_.CreateCall(functions_[instruction.index], arguments);
    llvm::Value* value = builder_.CreateExtractValue(result, 0);
    if (program_.functions[instruction.index].may_unwind) {
      // Pass a throw or non-local return on to our caller.
      llvm::Value* status = builder_.CreateExtractValue(result, 1);
      llvm::Function* current = builder_.GetInsertBlock()->getParent();
      auto* unwind = llvm::BasicBlock::Create(context_, "unwind", current);
      auto* next = llvm::BasicBlock::Create(context_, "next", current);
      llvm::MDBuilder weights(context_);
      builder_.CreateCondBr(builder_.CreateICmpNE(status, llvm::ConstantInt::get(value_type_, 0)),
                            unwind, next, weights.createUnlikelyBranchWeights());
      builder_.SetInsertPoint(unwind);
      builder_.CreateRet(result);
      builder_.SetInsertPoint(next);
    }
    return value;
  }

  llvm::Value* call_intrinsic(const mir::Function& function, const mir::Instruction& instruction) {
    const check::IntrinsicInfo& info =
        check::intrinsic_info(static_cast<check::IntrinsicId>(instruction.index));
    std::vector<llvm::Value*> arguments{process_};
    for (uint32_t i = 0; i < instruction.args_count; ++i) {
      arguments.push_back(read(function, instruction, i));
    }
    std::vector<llvm::Type*> params(arguments.size(), value_type_);
    params[0] = pointer_type_;
    auto callee = module_->getOrInsertFunction(info.symbol,
                                               llvm::FunctionType::get(value_type_, params, false));
    return builder_.CreateCall(callee, arguments);
  }

  void terminate(const mir::Terminator& terminator) {
    switch (terminator.kind) {
    case TerminatorKind::Return: {
      llvm::Value* result = llvm::UndefValue::get(result_type_);
      result = builder_.CreateInsertValue(
          result, builder_.CreateLoad(value_type_, registers_[terminator.value]), 0);
      result = builder_.CreateInsertValue(result, llvm::ConstantInt::get(value_type_, 0), 1);
      builder_.CreateRet(result);
      break;
    }
    case TerminatorKind::Goto:
      builder_.CreateBr(blocks_[terminator.target]);
      break;
    case TerminatorKind::Branch: {
      // Truthy unless False or Nil (L91).
      llvm::Value* value = builder_.CreateLoad(value_type_, registers_[terminator.value]);
      llvm::Value* is_false = builder_.CreateICmpEQ(value, singleton(mir::Singleton::False));
      llvm::Value* is_nil = builder_.CreateICmpEQ(value, singleton(mir::Singleton::Nil));
      builder_.CreateCondBr(builder_.CreateOr(is_false, is_nil), blocks_[terminator.otherwise],
                            blocks_[terminator.target]);
      break;
    }
    case TerminatorKind::Unreachable:
      builder_.CreateUnreachable();
      break;
    }
  }

  void define_program_main() {
    auto* type = llvm::FunctionType::get(builder_.getVoidTy(), {pointer_type_}, false);
    auto* main = llvm::Function::Create(type, llvm::Function::ExternalLinkage, "inko_program_main",
                                        module_.get());
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", main));
    for (uint32_t id : program_.init_order) {
      const mir::Module& module = program_.modules[id];
      builder_.CreateCall(functions_[module.body], {main->getArg(0), module_object(id)});
    }
    builder_.CreateRetVoid();
  }

  llvm::Constant* external_object(const char* symbol) {
    llvm::GlobalVariable* global = module_->getNamedGlobal(symbol);
    if (global == nullptr) {
      // Only the address matters here; the layout belongs to the runtime.
      global = new llvm::GlobalVariable(*module_, builder_.getInt8Ty(), true,
                                        llvm::GlobalValue::ExternalLinkage, nullptr, symbol);
    }
    return global;
  }

  llvm::Constant* singleton(mir::Singleton which) {
    static const char* kSymbols[] = {"inko_true", "inko_false", "inko_nil"};
    return llvm::ConstantExpr::getPtrToInt(external_object(kSymbols[static_cast<int>(which)]),
                                           value_type_);
  }

  // A string literal is a permanent InkoString whose bytes are immortal
  // (references = -1), both emitted as constants: no allocation at run time.
  llvm::Constant* string_literal(uint32_t index) {
    if (auto found = strings_.find(index); found != strings_.end())
      return found->second;
    const std::string& text = program_.strings[index];
    auto* data = llvm::ConstantDataArray::getString(context_, text, true);
    auto* bytes_type = llvm::StructType::get(context_, {value_type_, value_type_, data->getType()});
    auto* bytes_init = llvm::ConstantStruct::get(
        bytes_type, {llvm::ConstantInt::getSigned(value_type_, -1),
                     llvm::ConstantInt::get(value_type_, text.size()), data});
    auto* bytes = new llvm::GlobalVariable(
        *module_, bytes_type, true, llvm::GlobalValue::PrivateLinkage, bytes_init, "string.bytes");
    bytes->setAlignment(llvm::Align(8));
    auto* string_type =
        llvm::StructType::get(context_, {pointer_type_, value_type_, pointer_type_});
    auto* string_init = llvm::ConstantStruct::get(
        string_type, {external_object("inko_class_string"),
                      llvm::ConstantInt::get(value_type_, kHeaderPermanent), bytes});
    auto* object = new llvm::GlobalVariable(
        *module_, string_type, true, llvm::GlobalValue::PrivateLinkage, string_init, "string");
    object->setAlignment(llvm::Align(8));
    llvm::Constant* value = llvm::ConstantExpr::getPtrToInt(object, value_type_);
    strings_.emplace(index, value);
    return value;
  }

  // Module objects are permanent objects emitted by the compiler. Their
  // class comes with the object model; until then the header's class is
  // null and only statically bound sends use module values.
  llvm::Constant* module_object(uint32_t id) {
    if (module_objects_.size() <= id)
      module_objects_.resize(program_.modules.size(), nullptr);
    if (module_objects_[id] == nullptr) {
      auto* type = llvm::StructType::get(context_, {pointer_type_, value_type_});
      auto* init =
          llvm::ConstantStruct::get(type, {llvm::ConstantPointerNull::get(pointer_type_),
                                           llvm::ConstantInt::get(value_type_, kHeaderPermanent)});
      auto* global =
          new llvm::GlobalVariable(*module_, type, true, llvm::GlobalValue::PrivateLinkage, init,
                                   "module." + program_.modules[id].name);
      global->setAlignment(llvm::Align(8));
      module_objects_[id] = llvm::ConstantExpr::getPtrToInt(global, value_type_);
    }
    return module_objects_[id];
  }

  const mir::Program& program_;
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> module_;
  llvm::IRBuilder<> builder_;
  llvm::Type* value_type_;
  llvm::PointerType* pointer_type_;
  llvm::StructType* result_type_;
  std::string stack_pointer_name_;
  std::vector<llvm::Function*> functions_;
  std::vector<llvm::AllocaInst*> registers_;
  std::vector<llvm::BasicBlock*> blocks_;
  llvm::Value* process_ = nullptr;
  std::unordered_map<uint32_t, llvm::Constant*> strings_;
  std::vector<llvm::Constant*> module_objects_;
};

} // namespace

std::unique_ptr<llvm::Module> lower_program(const mir::Program& program, llvm::LLVMContext& context,
                                            const std::string& llvm_triple) {
  return Lowering(program, context, llvm_triple).run();
}

} // namespace inko::codegen
