#include "codegen/lower.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <vector>

namespace inko::codegen {
namespace {

using check::ExprId;
using check::ExprKind;

// Mirrors INKO_HEADER_PERMANENT in abi.h.
constexpr uint64_t kHeaderPermanent = 1;

class Lowering {
public:
  Lowering(const check::Program& program, llvm::LLVMContext& context, const std::string& triple)
      : program_(program), context_(context),
        module_(std::make_unique<llvm::Module>("inko", context)), builder_(context) {
    module_->setTargetTriple(triple);
    value_type_ = llvm::Type::getInt64Ty(context);
    pointer_type_ = llvm::PointerType::get(context, 0);
  }

  std::unique_ptr<llvm::Module> run() {
    declare_methods();
    for (size_t i = 0; i < program_.methods.size(); ++i)
      define_method(i);
    define_program_main();
    return std::move(module_);
  }

private:
  std::string symbol_of(const check::Method& method) const {
    return program_.modules[method.module].name + "." + method.name;
  }

  void declare_methods() {
    for (const check::Method& method : program_.methods) {
      std::vector<llvm::Type*> params{pointer_type_, value_type_};
      params.insert(params.end(), method.params.size(), value_type_);
      llvm::Type* result = method.is_module_body ? builder_.getVoidTy() : value_type_;
      auto* type = llvm::FunctionType::get(result, params, false);
      functions_.push_back(llvm::Function::Create(type, llvm::Function::InternalLinkage,
                                                  symbol_of(method), module_.get()));
    }
  }

  void define_method(size_t index) {
    const check::Method& method = program_.methods[index];
    llvm::Function* function = functions_[index];
    auto* entry = llvm::BasicBlock::Create(context_, "entry", function);
    builder_.SetInsertPoint(entry);
    process_ = function->getArg(0);
    arguments_.clear();
    for (size_t i = 0; i < method.params.size(); ++i) {
      arguments_.emplace_back(method.params[i], function->getArg(2 + i));
    }
    llvm::Value* last = nullptr;
    for (ExprId expr : method.body)
      last = lower(expr);
    if (method.is_module_body) {
      builder_.CreateRetVoid();
    } else {
      builder_.CreateRet(last);
    }
  }

  void define_program_main() {
    auto* type = llvm::FunctionType::get(builder_.getVoidTy(), {pointer_type_}, false);
    auto* main = llvm::Function::Create(type, llvm::Function::ExternalLinkage, "inko_program_main",
                                        module_.get());
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", main));
    for (check::ModuleId id : program_.init_order) {
      const check::Module& module = program_.modules[id];
      builder_.CreateCall(functions_[module.body], {main->getArg(0), module_object(id)});
    }
    builder_.CreateRetVoid();
  }

  llvm::Value* lower(ExprId id) {
    const check::Expr& expr = program_.exprs[id];
    switch (expr.kind) {
    case ExprKind::StringLiteral:
      return string_literal(expr.value);
    case ExprKind::IntegerLiteral:
      return llvm::ConstantInt::get(value_type_, (static_cast<uint64_t>(expr.integer) << 1) | 1);
    case ExprKind::Local:
      for (auto& [local, value] : arguments_) {
        if (local == expr.value)
          return value;
      }
      return llvm::UndefValue::get(value_type_);
    case ExprKind::ModuleRef:
      return module_object(expr.value);
    case ExprKind::CallMethod: {
      std::vector<llvm::Value*> arguments{process_};
      for (uint32_t i = 0; i < expr.operands_count; ++i) {
        arguments.push_back(lower(program_.operand(expr, i)));
      }
      return builder_.CreateCall(functions_[expr.value], arguments);
    }
    case ExprKind::CallIntrinsic: {
      const check::IntrinsicInfo& info =
          check::intrinsic_info(static_cast<check::IntrinsicId>(expr.value));
      std::vector<llvm::Value*> arguments{process_};
      for (uint32_t i = 0; i < expr.operands_count; ++i) {
        arguments.push_back(lower(program_.operand(expr, i)));
      }
      std::vector<llvm::Type*> params(arguments.size(), value_type_);
      params[0] = pointer_type_;
      auto callee = module_->getOrInsertFunction(
          info.symbol, llvm::FunctionType::get(value_type_, params, false));
      return builder_.CreateCall(callee, arguments);
    }
    }
    return llvm::UndefValue::get(value_type_);
  }

  // A string literal is a permanent InkoString whose bytes are immortal
  // (references = -1), both emitted as constants: no allocation at run time.
  llvm::Value* string_literal(uint32_t index) {
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
        string_type,
        {string_class(), llvm::ConstantInt::get(value_type_, kHeaderPermanent), bytes});
    auto* object = new llvm::GlobalVariable(
        *module_, string_type, true, llvm::GlobalValue::PrivateLinkage, string_init, "string");
    object->setAlignment(llvm::Align(8));
    llvm::Constant* value = llvm::ConstantExpr::getPtrToInt(object, value_type_);
    strings_.emplace(index, value);
    return value;
  }

  llvm::Constant* string_class() {
    if (string_class_ == nullptr) {
      // Only the address matters here; the layout belongs to the runtime.
      string_class_ = new llvm::GlobalVariable(*module_, builder_.getInt8Ty(), true,
                                               llvm::GlobalValue::ExternalLinkage, nullptr,
                                               "inko_class_string");
    }
    return string_class_;
  }

  // Module objects are permanent objects emitted by the compiler. Their
  // class (and with it the ability to send them messages dynamically) comes
  // with the object model; until then the header's class is null and only
  // statically bound sends use module values.
  llvm::Value* module_object(uint32_t id) {
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

  const check::Program& program_;
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> module_;
  llvm::IRBuilder<> builder_;
  llvm::Type* value_type_;
  llvm::PointerType* pointer_type_;
  std::vector<llvm::Function*> functions_;
  std::vector<std::pair<uint32_t, llvm::Value*>> arguments_;
  llvm::Value* process_ = nullptr;
  std::unordered_map<uint32_t, llvm::Constant*> strings_;
  llvm::GlobalVariable* string_class_ = nullptr;
  std::vector<llvm::Constant*> module_objects_;
};

} // namespace

std::unique_ptr<llvm::Module> lower_program(const check::Program& program,
                                            llvm::LLVMContext& context,
                                            const std::string& llvm_triple) {
  return Lowering(program, context, llvm_triple).run();
}

} // namespace inko::codegen
