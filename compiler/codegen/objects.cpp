#include "codegen/layout.h"

#include <cstring>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>
#include <unordered_map>

namespace inko::codegen {

namespace {
// Mirrors INKO_HEADER_PERMANENT in abi.h.
constexpr uint64_t kHeaderPermanent = 1;
} // namespace

struct ObjectEmitter::State {
  const mir::Program& program;
  llvm::Module& module;
  llvm::LLVMContext& context;
  llvm::Type* i64;
  llvm::Type* i32;
  llvm::PointerType* ptr;
  llvm::StructType* class_type;
  std::vector<llvm::GlobalVariable*> classes;
  std::unordered_map<uint32_t, llvm::Constant*> strings;
  std::unordered_map<std::string, llvm::Constant*> texts;
  std::unordered_map<llvm::Function*, llvm::Constant*> lambdas;
  std::unordered_map<uint64_t, llvm::Constant*> floats;
  std::vector<llvm::Constant*> modules;
  std::unordered_map<uint32_t, llvm::Constant*> prototypes;
  std::vector<llvm::GlobalVariable*> globals;
  llvm::Function* lookup = nullptr;

  State(const mir::Program& p, llvm::Module& m) : program(p), module(m), context(m.getContext()) {
    i64 = llvm::Type::getInt64Ty(context);
    i32 = llvm::Type::getInt32Ty(context);
    ptr = llvm::PointerType::get(context, 0);
    // InkoClass: name, kind, slot_count, method_mask, methods, copy_rule,
    // descriptor_slot.
    class_type = llvm::StructType::get(context, {ptr, i32, i32, i64, ptr, i32, i32});
    for (const mir::Class& klass : program.classes) {
      auto* global = new llvm::GlobalVariable(
          module, class_type, true, llvm::GlobalValue::ExternalLinkage, nullptr, klass.symbol);
      global->setAlignment(llvm::Align(8));
      classes.push_back(global);
    }
  }

  // A private, 8-byte aligned constant holding `init`: every permanent
  // object and table the program carries is one of these.
  llvm::GlobalVariable* constant_global(llvm::Constant* init, const std::string& name) {
    auto* global = new llvm::GlobalVariable(module, init->getType(), true,
                                            llvm::GlobalValue::PrivateLinkage, init, name);
    global->setAlignment(llvm::Align(8));
    return global;
  }

  llvm::Constant* as_value(llvm::Constant* pointer) {
    return llvm::ConstantExpr::getPtrToInt(pointer, i64);
  }

  // A permanent object of `klass` (as an Inko value): the header, then
  // `fields`.
  llvm::Constant* permanent_object(llvm::Constant* klass, const std::string& name,
                                   std::initializer_list<llvm::Constant*> fields = {}) {
    std::vector<llvm::Type*> types{ptr, i64};
    std::vector<llvm::Constant*> values{klass, llvm::ConstantInt::get(i64, kHeaderPermanent)};
    for (llvm::Constant* field : fields) {
      types.push_back(field->getType());
      values.push_back(field);
    }
    auto* type = llvm::StructType::get(context, types);
    return as_value(constant_global(llvm::ConstantStruct::get(type, values), name));
  }

  llvm::Constant* external(const char* symbol) {
    llvm::GlobalVariable* global = module.getNamedGlobal(symbol);
    if (global == nullptr) {
      global = new llvm::GlobalVariable(module, llvm::Type::getInt8Ty(context), true,
                                        llvm::GlobalValue::ExternalLinkage, nullptr, symbol);
    }
    return global;
  }
};

ObjectEmitter::ObjectEmitter(const mir::Program& program, llvm::Module& module)
    : state_(std::make_unique<State>(program, module)) {}

ObjectEmitter::~ObjectEmitter() = default;

void ObjectEmitter::define_classes(const std::vector<llvm::Function*>& functions) {
  State& s = *state_;
  llvm::IRBuilder<> builder(s.context);
  auto* entry_type = llvm::StructType::get(s.context, {s.i64, s.ptr});
  for (size_t i = 0; i < s.program.classes.size(); ++i) {
    const mir::Class& klass = s.program.classes[i];
    // An open-addressed table at most half full, probed linearly from
    // `selector & mask`; selector keys are MIR selector + 1 (0 = empty).
    uint64_t size = 1;
    while (size < klass.methods.size() * 2)
      size *= 2;
    std::vector<llvm::Constant*> entries(
        size, llvm::ConstantStruct::get(entry_type, {llvm::ConstantInt::get(s.i64, 0),
                                                     llvm::ConstantPointerNull::get(s.ptr)}));
    std::vector<bool> used(size, false);
    for (auto& [selector, function] : klass.methods) {
      uint64_t key = uint64_t{selector} + 1;
      uint64_t slot = key & (size - 1);
      while (used[slot])
        slot = (slot + 1) & (size - 1);
      used[slot] = true;
      entries[slot] = llvm::ConstantStruct::get(
          entry_type, {llvm::ConstantInt::get(s.i64, key), functions[function]});
    }
    auto* table_type = llvm::ArrayType::get(entry_type, size);
    auto* table =
        s.constant_global(llvm::ConstantArray::get(table_type, entries), klass.symbol + ".methods");
    auto* name = builder.CreateGlobalString(klass.name, klass.symbol + ".name", 0, &s.module);
    s.classes[i]->setInitializer(llvm::ConstantStruct::get(
        s.class_type,
        {name, llvm::ConstantInt::get(s.i32, klass.kind),
         llvm::ConstantInt::get(s.i32, klass.slot_count), llvm::ConstantInt::get(s.i64, size - 1),
         table, llvm::ConstantInt::get(s.i32, klass.copy_rule),
         llvm::ConstantInt::get(s.i32, klass.descriptor_slot)}));
  }
}

llvm::Constant* ObjectEmitter::lambda_constant(llvm::Function* function, uint32_t module) {
  State& s = *state_;
  if (auto found = s.lambdas.find(function); found != s.lambdas.end())
    return found->second;
  // InkoBlock: header, function, self, home token, cell count.
  llvm::Constant* value =
      s.permanent_object(s.external("inko_class_block"), "lambda",
                         {function, module_object(module), llvm::ConstantInt::get(s.i64, 0),
                          llvm::ConstantInt::get(s.i64, 0)});
  s.lambdas.emplace(function, value);
  return value;
}

llvm::Constant* ObjectEmitter::float_constant(double value) {
  State& s = *state_;
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(bits));
  if (auto found = s.floats.find(bits); found != s.floats.end())
    return found->second;
  llvm::Constant* constant = s.permanent_object(
      float_class(), "float", {llvm::ConstantFP::get(llvm::Type::getDoubleTy(s.context), value)});
  s.floats.emplace(bits, constant);
  return constant;
}

llvm::Constant* ObjectEmitter::integer_class() {
  return state_->external("inko_class_integer");
}

llvm::Constant* ObjectEmitter::float_class() {
  return state_->external("inko_class_float");
}

llvm::Constant* ObjectEmitter::class_pointer(uint32_t klass) {
  return state_->classes[klass];
}

llvm::Constant* ObjectEmitter::singleton(mir::Singleton which) {
  static const char* kSymbols[] = {"inko_true", "inko_false", "inko_nil"};
  return state_->as_value(state_->external(kSymbols[static_cast<int>(which)]));
}

// A string literal is a permanent InkoString whose bytes are immortal
// (references = -1), both emitted as constants: no allocation at run time.
llvm::Constant* ObjectEmitter::string_literal(uint32_t index) {
  State& s = *state_;
  if (auto found = s.strings.find(index); found != s.strings.end())
    return found->second;
  llvm::Constant* value = string_constant(s.program.strings[index]);
  s.strings.emplace(index, value);
  return value;
}

llvm::Constant* ObjectEmitter::string_constant(const std::string& text) {
  State& s = *state_;
  if (auto found = s.texts.find(text); found != s.texts.end())
    return found->second;
  auto* data = llvm::ConstantDataArray::getString(s.context, text, true);
  auto* bytes_type = llvm::StructType::get(s.context, {s.i64, s.i64, data->getType()});
  auto* bytes_init =
      llvm::ConstantStruct::get(bytes_type, {llvm::ConstantInt::getSigned(s.i64, -1),
                                             llvm::ConstantInt::get(s.i64, text.size()), data});
  auto* bytes = s.constant_global(bytes_init, "string.bytes");
  llvm::Constant* value = s.permanent_object(s.external("inko_class_string"), "string", {bytes});
  s.texts.emplace(text, value);
  return value;
}

llvm::Constant* ObjectEmitter::module_object(uint32_t module) {
  State& s = *state_;
  if (s.modules.empty())
    s.modules.resize(s.program.modules.size(), nullptr);
  if (s.modules[module] == nullptr) {
    const mir::Module& info = s.program.modules[module];
    s.modules[module] = s.permanent_object(s.classes[info.klass], "module." + info.name);
  }
  return s.modules[module];
}

// A prototype (the value of `Foo`) is a permanent object whose class holds
// the static methods; its second word is the class of its instances, which
// `allocate` uses (null for traits and modules).
llvm::Constant* ObjectEmitter::prototype_object(uint32_t klass) {
  State& s = *state_;
  if (auto found = s.prototypes.find(klass); found != s.prototypes.end())
    return found->second;
  llvm::Constant* instance_class = llvm::ConstantPointerNull::get(s.ptr);
  for (size_t i = 0; i < s.program.classes.size(); ++i) {
    if (s.program.classes[i].prototype_class == klass)
      instance_class = s.classes[i];
  }
  llvm::Constant* object = s.permanent_object(
      s.classes[klass], "prototype." + s.program.classes[klass].name, {instance_class});
  s.prototypes.emplace(klass, object);
  return object;
}

llvm::GlobalVariable* ObjectEmitter::global(uint32_t index) {
  State& s = *state_;
  if (s.globals.empty())
    s.globals.resize(s.program.globals.size(), nullptr);
  if (s.globals[index] == nullptr) {
    // Module constants start as Nil until their module body defines them.
    s.globals[index] = new llvm::GlobalVariable(
        s.module, s.i64, false, llvm::GlobalValue::InternalLinkage, singleton(mir::Singleton::Nil),
        "constant." + s.program.globals[index].name);
  }
  return s.globals[index];
}

llvm::Function* ObjectEmitter::lookup_function() {
  State& s = *state_;
  if (s.lookup != nullptr)
    return s.lookup;
  auto* type = llvm::FunctionType::get(s.ptr, {s.i64, s.i64}, false);
  s.lookup = llvm::Function::Create(type, llvm::Function::InternalLinkage, "inko.lookup", s.module);
  s.lookup->addFnAttr(llvm::Attribute::NoUnwind);
  s.lookup->addFnAttr(llvm::Attribute::InlineHint);
  llvm::Value* receiver = s.lookup->getArg(0);
  llvm::Value* selector = s.lookup->getArg(1);
  llvm::IRBuilder<> b(s.context);
  auto* entry = llvm::BasicBlock::Create(s.context, "entry", s.lookup);
  auto* probe = llvm::BasicBlock::Create(s.context, "probe", s.lookup);
  auto* check_empty = llvm::BasicBlock::Create(s.context, "check_empty", s.lookup);
  auto* hit = llvm::BasicBlock::Create(s.context, "hit", s.lookup);
  auto* miss = llvm::BasicBlock::Create(s.context, "miss", s.lookup);
  llvm::Constant* integer_class = s.external("inko_class_integer");
  // Small Integers carry no header: bit 0 set means inko_class_integer.
  auto* load_header = llvm::BasicBlock::Create(s.context, "object", s.lookup, probe);
  auto* join = llvm::BasicBlock::Create(s.context, "class", s.lookup, probe);
  b.SetInsertPoint(entry);
  b.CreateCondBr(b.CreateTrunc(receiver, b.getInt1Ty()), join, load_header);
  b.SetInsertPoint(load_header);
  llvm::Value* loaded = b.CreateLoad(s.ptr, b.CreateIntToPtr(receiver, s.ptr));
  b.CreateBr(join);
  b.SetInsertPoint(join);
  llvm::PHINode* klass = b.CreatePHI(s.ptr, 2);
  klass->addIncoming(integer_class, entry);
  klass->addIncoming(loaded, load_header);
  llvm::Value* mask = b.CreateLoad(
      s.i64, b.CreateInBoundsGEP(b.getInt8Ty(), klass, b.getInt64(layout::kClassMethodMask)));
  llvm::Value* table = b.CreateLoad(
      s.ptr, b.CreateInBoundsGEP(b.getInt8Ty(), klass, b.getInt64(layout::kClassMethods)));
  llvm::Value* start = b.CreateAnd(selector, mask);
  b.CreateBr(probe);

  b.SetInsertPoint(probe);
  llvm::PHINode* slot = b.CreatePHI(s.i64, 2);
  slot->addIncoming(start, join);
  llvm::Value* entry_pointer = b.CreateInBoundsGEP(b.getInt8Ty(), table, b.CreateShl(slot, 4));
  llvm::Value* key = b.CreateLoad(s.i64, entry_pointer);
  b.CreateCondBr(b.CreateICmpEQ(key, selector), hit, check_empty);

  b.SetInsertPoint(check_empty);
  llvm::Value* next = b.CreateAnd(b.CreateAdd(slot, b.getInt64(1)), mask);
  slot->addIncoming(next, check_empty);
  b.CreateCondBr(b.CreateICmpEQ(key, b.getInt64(0)), miss, probe);

  b.SetInsertPoint(hit);
  b.CreateRet(
      b.CreateLoad(s.ptr, b.CreateInBoundsGEP(b.getInt8Ty(), entry_pointer, b.getInt64(8))));
  b.SetInsertPoint(miss);
  b.CreateRet(llvm::ConstantPointerNull::get(s.ptr));
  return s.lookup;
}

} // namespace inko::codegen
