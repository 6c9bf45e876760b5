#include "codegen/send_by_name.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/MDBuilder.h>
#include <map>
#include <set>
#include <string>

namespace inko::codegen {

ByNameSends::ByNameSends(const mir::Program& program, llvm::Module& module, ObjectEmitter& objects,
                         const std::vector<llvm::Function*>& functions)
    : program_(program), module_(module), objects_(objects), functions_(functions) {}

llvm::Function* ByNameSends::get(uint32_t selector, uint32_t argument_count,
                                 bool caller_checks_status) {
  uint64_t key =
      (uint64_t{selector} << 33) | (uint64_t{argument_count} << 1) | (caller_checks_status ? 1 : 0);
  if (auto found = defined_.find(key); found != defined_.end())
    return found->second;
  llvm::Function* function = define(selector, argument_count, caller_checks_status);
  defined_.emplace(key, function);
  return function;
}

llvm::FunctionType* ByNameSends::function_type(uint32_t argument_count) {
  llvm::LLVMContext& context = module_.getContext();
  auto* i64 = llvm::Type::getInt64Ty(context);
  std::vector<llvm::Type*> params{llvm::PointerType::get(context, 0)};
  params.insert(params.end(), argument_count, i64);
  return llvm::FunctionType::get(llvm::StructType::get(context, {i64, i64}), params, false);
}

std::vector<std::pair<uint32_t, std::vector<llvm::Function*>>>
ByNameSends::other_arities(uint32_t selector, uint32_t argument_count) {
  if (!indexed_) {
    for (const mir::Class& klass : program_.classes) {
      for (auto [method_selector, function] : klass.methods) {
        if (functions_[function] != nullptr)
          methods_by_selector_[method_selector].push_back(function);
      }
    }
    indexed_ = true;
  }
  std::map<uint32_t, std::set<llvm::Function*>> by_count;
  if (auto found = methods_by_selector_.find(selector); found != methods_by_selector_.end()) {
    for (mir::FunctionId function : found->second) {
      uint32_t params = program_.functions[function].param_count;
      if (params + 1 != argument_count)
        by_count[params].insert(functions_[function]);
    }
  }
  std::vector<std::pair<uint32_t, std::vector<llvm::Function*>>> groups;
  for (auto& [params, functions] : by_count)
    groups.emplace_back(params, std::vector<llvm::Function*>(functions.begin(), functions.end()));
  return groups;
}

llvm::Constant* ByNameSends::name_text(uint32_t selector) {
  if (auto found = name_texts_.find(selector); found != name_texts_.end())
    return found->second;
  llvm::Constant* text =
      llvm::ConstantDataArray::getString(module_.getContext(), program_.selectors[selector]);
  auto* global = new llvm::GlobalVariable(module_, text->getType(), true,
                                          llvm::GlobalValue::PrivateLinkage, text, "message_name");
  global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  name_texts_.emplace(selector, global);
  return global;
}

// A method of that name with another arity would read arguments that were
// never passed: panic instead ([DECISION], docs/values.md).
void ByNameSends::check_arity(llvm::IRBuilder<>& builder, llvm::Value* method, llvm::Value* process,
                              llvm::Value* receiver, uint32_t selector, uint32_t argument_count) {
  auto groups = other_arities(selector, argument_count);
  if (groups.empty())
    return;
  llvm::LLVMContext& context = module_.getContext();
  auto* i64 = llvm::Type::getInt64Ty(context);
  auto* ptr = llvm::PointerType::get(context, 0);
  llvm::FunctionCallee panic_function = module_.getOrInsertFunction(
      "inko_message_wrong_arity", llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                                          {ptr, i64, ptr, i64, i64, i64}, false));
  if (auto* declared = llvm::dyn_cast<llvm::Function>(panic_function.getCallee()))
    declared->setDoesNotReturn();
  llvm::Function* function = builder.GetInsertBlock()->getParent();
  llvm::MDBuilder weights(context);
  for (auto& [params, candidates] : groups) {
    auto* wrong = llvm::BasicBlock::Create(context, "wrong_arity", function);
    for (llvm::Function* candidate : candidates) {
      auto* next = llvm::BasicBlock::Create(context, "arity_checked", function);
      builder.CreateCondBr(builder.CreateICmpEQ(method, candidate), wrong, next,
                           weights.createUnlikelyBranchWeights());
      builder.SetInsertPoint(next);
    }
    llvm::IRBuilder<> panic(wrong);
    // The send's line in the panic's stack trace.
    panic.SetCurrentDebugLocation(builder.getCurrentDebugLocation());
    panic.CreateCall(panic_function, {process, receiver, name_text(selector),
                                      panic.getInt64(program_.selectors[selector].size()),
                                      panic.getInt64(params), panic.getInt64(argument_count - 1)});
    panic.CreateUnreachable();
  }
}

// Nil answers Nil (L89); an object with unknown_message gets the name and
// the positional arguments given (L59); any other receiver answers Nil.
llvm::Function* ByNameSends::send_missing() {
  if (send_missing_ != nullptr)
    return send_missing_;
  llvm::LLVMContext& context = module_.getContext();
  auto* i64 = llvm::Type::getInt64Ty(context);
  auto* ptr = llvm::PointerType::get(context, 0);
  auto* result_type = llvm::StructType::get(context, {i64, i64});
  auto* type = llvm::FunctionType::get(result_type, {ptr, i64, i64, i64, ptr}, false);
  send_missing_ = llvm::Function::Create(type, llvm::Function::InternalLinkage,
                                         "inko_send_or_nil.missing", module_);
  llvm::Function* function = send_missing_;
  function->addFnAttr(llvm::Attribute::NoUnwind);
  function->addFnAttr(llvm::Attribute::NoInline);
  function->addFnAttr(llvm::Attribute::Cold);
  function->setUWTableKind(llvm::UWTableKind::Async);
  function->addFnAttr("frame-pointer", "all");
  llvm::Value* process = function->getArg(0);
  llvm::Value* receiver = function->getArg(1);

  llvm::IRBuilder<> b(llvm::BasicBlock::Create(context, "entry", function));
  auto* not_nil = llvm::BasicBlock::Create(context, "not_nil", function);
  auto* forward = llvm::BasicBlock::Create(context, "unknown_message", function);
  auto* answer_nil = llvm::BasicBlock::Create(context, "answer_nil", function);
  b.CreateCondBr(b.CreateICmpEQ(receiver, objects_.singleton(mir::Singleton::Nil)), answer_nil,
                 not_nil);
  b.SetInsertPoint(not_nil);
  llvm::Value* handler =
      b.CreateCall(objects_.lookup_function(),
                   {receiver, b.getInt64(uint64_t{program_.unknown_message_selector} + 1)});
  b.CreateCondBr(b.CreateIsNull(handler), answer_nil, forward);

  b.SetInsertPoint(forward);
  llvm::FunctionCallee make_array = module_.getOrInsertFunction(
      "inko_array_from_given_values", llvm::FunctionType::get(i64, {ptr, i64, ptr}, false));
  llvm::Value* rest = b.CreateCall(make_array, {process, function->getArg(3), function->getArg(4)});
  b.CreateRet(
      b.CreateCall(function_type(3), handler, {process, receiver, function->getArg(2), rest}));

  b.SetInsertPoint(answer_nil);
  llvm::Value* nil = b.CreateInsertValue(llvm::UndefValue::get(result_type),
                                         objects_.singleton(mir::Singleton::Nil), 0);
  b.CreateRet(b.CreateInsertValue(nil, b.getInt64(0), 1));
  return function;
}

llvm::Function* ByNameSends::define(uint32_t selector, uint32_t argument_count,
                                    bool caller_checks_status) {
  llvm::LLVMContext& context = module_.getContext();
  auto* i64 = llvm::Type::getInt64Ty(context);
  auto* ptr = llvm::PointerType::get(context, 0);
  const std::string& name = program_.selectors[selector];
  auto* function =
      llvm::Function::Create(function_type(argument_count), llvm::Function::InternalLinkage,
                             "inko_send_or_nil." + name + "." + std::to_string(argument_count) +
                                 (caller_checks_status ? "" : ".no_unwind"),
                             module_);
  function->addFnAttr(llvm::Attribute::NoUnwind);
  function->addFnAttr(llvm::Attribute::NoInline);
  function->addFnAttr(llvm::Attribute::Cold);
  // LLVM's inliner charges a call about 45 against a budget of 225, so
  // with these calls counted small methods such as Map.desired_bucket
  // were no longer inlined. The call is off the fast path: a method
  // costs the inliner what its guards' fast paths cost.
  function->addFnAttr("call-inline-cost", "0");
  function->setUWTableKind(llvm::UWTableKind::Async);
  function->addFnAttr("frame-pointer", "all");

  auto runtime = [&](const char* symbol, std::vector<llvm::Type*> params) {
    llvm::FunctionCallee callee = module_.getOrInsertFunction(
        symbol, llvm::FunctionType::get(llvm::Type::getVoidTy(context), params, false));
    if (auto* declared = llvm::dyn_cast<llvm::Function>(callee.getCallee()))
      declared->setDoesNotReturn();
    return callee;
  };

  llvm::IRBuilder<> b(llvm::BasicBlock::Create(context, "entry", function));
  std::vector<llvm::Value*> arguments;
  for (llvm::Argument& argument : function->args())
    arguments.push_back(&argument);
  llvm::Value* process = arguments[0];
  llvm::Value* receiver = arguments[1];
  llvm::Value* text = name_text(selector);
  llvm::Value* name_size = b.getInt64(name.size());
  uint32_t given = argument_count - 1;

  // A call the caller does not check must not hand it a throw as a value.
  auto finish = [&](llvm::Value* result) {
    if (caller_checks_status) {
      b.CreateRet(result);
      return;
    }
    auto* unwound = llvm::BasicBlock::Create(context, "unwound", function);
    auto* normal = llvm::BasicBlock::Create(context, "returned", function);
    llvm::MDBuilder weights(context);
    llvm::Value* status = b.CreateExtractValue(result, 1);
    b.CreateCondBr(b.CreateICmpNE(status, b.getInt64(0)), unwound, normal,
                   weights.createUnlikelyBranchWeights());
    b.SetInsertPoint(normal);
    b.CreateRet(result);
    b.SetInsertPoint(unwound);
    b.CreateCall(runtime("inko_message_unwound", {ptr, i64, ptr, i64, i64}),
                 {process, receiver, text, name_size, status});
    b.CreateUnreachable();
  };

  llvm::Value* method =
      b.CreateCall(objects_.lookup_function(), {receiver, b.getInt64(uint64_t{selector} + 1)});
  auto* found = llvm::BasicBlock::Create(context, "found", function);
  auto* missing = llvm::BasicBlock::Create(context, "missing", function);
  b.CreateCondBr(b.CreateIsNull(method), missing, found);

  b.SetInsertPoint(found);
  check_arity(b, method, process, receiver, selector, argument_count);
  finish(b.CreateCall(function_type(argument_count), method, arguments));

  // The message's name and arguments go to one shared function: Nil's,
  // unknown_message's and the Nil answer's code once per program.
  b.SetInsertPoint(missing);
  llvm::Value* buffer = llvm::ConstantPointerNull::get(ptr);
  if (given > 0) {
    llvm::IRBuilder<> entry(&function->getEntryBlock(), function->getEntryBlock().begin());
    auto* slots = entry.CreateAlloca(llvm::ArrayType::get(i64, given));
    for (uint32_t i = 0; i < given; ++i)
      b.CreateStore(arguments[i + 2],
                    b.CreateConstInBoundsGEP2_64(slots->getAllocatedType(), slots, 0, i));
    buffer = slots;
  }
  finish(b.CreateCall(send_missing(), {process, receiver, objects_.string_constant(name),
                                       b.getInt64(given), buffer}));
  return function;
}

} // namespace inko::codegen
