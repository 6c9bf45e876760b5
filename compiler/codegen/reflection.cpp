#include "codegen/reflection.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/IRBuilder.h>

namespace inko::codegen {

namespace {

llvm::GlobalVariable* private_constant(llvm::Module& module, llvm::Constant* init,
                                       const std::string& name) {
  auto* global = new llvm::GlobalVariable(module, init->getType(), true,
                                          llvm::GlobalValue::PrivateLinkage, init, name);
  global->setAlignment(llvm::Align(8));
  return global;
}

} // namespace

void emit_reflection_table(const mir::Program& program, llvm::Module& module,
                           ObjectEmitter& objects) {
  llvm::LLVMContext& context = module.getContext();
  llvm::IRBuilder<> builder(context);
  auto* i64 = llvm::Type::getInt64Ty(context);
  auto* ptr = llvm::PointerType::get(context, 0);
  // InkoClassReflection: class, prototype, names, name count, traits,
  // trait count.
  auto* entry_type = llvm::StructType::get(context, {ptr, i64, ptr, i64, ptr, i64});
  std::vector<llvm::Constant*> entries;
  for (uint32_t klass = 0; klass < program.classes.size(); ++klass) {
    const mir::Class& info = program.classes[klass];
    if (info.prototype_class == mir::kNone)
      continue;
    std::vector<llvm::Constant*> names;
    for (const std::string& name : info.attribute_names)
      names.push_back(builder.CreateGlobalString(name, "reflection.name", 0, &module));
    std::vector<llvm::Constant*> traits;
    for (uint32_t trait : info.trait_classes)
      traits.push_back(objects.prototype_object(trait));
    llvm::Constant* names_array = llvm::ConstantPointerNull::get(ptr);
    if (!names.empty()) {
      names_array = private_constant(
          module, llvm::ConstantArray::get(llvm::ArrayType::get(ptr, names.size()), names),
          "reflection.names");
    }
    llvm::Constant* traits_array = llvm::ConstantPointerNull::get(ptr);
    if (!traits.empty()) {
      traits_array = private_constant(
          module, llvm::ConstantArray::get(llvm::ArrayType::get(i64, traits.size()), traits),
          "reflection.traits");
    }
    entries.push_back(llvm::ConstantStruct::get(
        entry_type, {objects.class_pointer(klass), objects.prototype_object(info.prototype_class),
                     names_array, llvm::ConstantInt::get(i64, names.size()), traits_array,
                     llvm::ConstantInt::get(i64, traits.size())}));
  }
  auto* table_type = llvm::ArrayType::get(entry_type, entries.size());
  auto* table = new llvm::GlobalVariable(
      module, table_type, true, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantArray::get(table_type, entries), "inko_reflection_table");
  table->setAlignment(llvm::Align(8));
  auto* count = new llvm::GlobalVariable(module, i64, true, llvm::GlobalValue::ExternalLinkage,
                                         llvm::ConstantInt::get(i64, entries.size()),
                                         "inko_reflection_count");
  count->setAlignment(llvm::Align(8));
}

} // namespace inko::codegen
