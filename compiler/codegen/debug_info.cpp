#include "codegen/debug_info.h"

#include <filesystem>
#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>
#include <unordered_map>

namespace inko::codegen {

struct DescribedFunction {
  llvm::Function* function;
  std::string name;
  std::string file;
  uint32_t line;
  std::string argument_names; // each followed by a NUL
  uint32_t argument_count;
  uint32_t required_arguments;
};

struct DebugInfo::State {
  llvm::Module& module;
  const SourceManager& sources;
  llvm::DIBuilder builder;
  llvm::DICompileUnit* unit = nullptr;
  std::unordered_map<FileId, llvm::DIFile*> files;
  std::vector<DescribedFunction> described;

  State(llvm::Module& m, const SourceManager& s) : module(m), sources(s), builder(m) {}

  llvm::DIFile* file(FileId id) {
    if (auto found = files.find(id); found != files.end())
      return found->second;
    std::filesystem::path path = std::filesystem::absolute(sources.file(id).path());
    llvm::DIFile* file = builder.createFile(path.filename().string(), path.parent_path().string());
    files.emplace(id, file);
    return file;
  }
};

DebugInfo::DebugInfo(llvm::Module& module, const SourceManager& sources, bool optimized)
    : state_(std::make_unique<State>(module, sources)) {
  module.addModuleFlag(llvm::Module::Warning, "Dwarf Version", 5);
  module.addModuleFlag(llvm::Module::Warning, "Debug Info Version", llvm::DEBUG_METADATA_VERSION);
  llvm::DIFile* main_file =
      sources.size() > 0 ? state_->file(0) : state_->builder.createFile("<program>", ".");
  // DWARF has no language code for Inko; C makes debuggers show plain names.
  state_->unit = state_->builder.createCompileUnit(llvm::dwarf::DW_LANG_C, main_file, "inkoc",
                                                   optimized, "", 0);
}

DebugInfo::~DebugInfo() = default;

llvm::DISubprogram* DebugInfo::describe(llvm::Function& function, const mir::Function& source) {
  State& s = *state_;
  llvm::DIFile* file = s.file(source.location.file);
  uint32_t line = 0;
  if (source.location.file < s.sources.size()) {
    line = s.sources.file(source.location.file).position(source.location.begin).line;
  }
  auto* type = s.builder.createSubroutineType(s.builder.getOrCreateTypeArray({}));
  llvm::DISubprogram* subprogram =
      s.builder.createFunction(file, source.name, function.getName(), file, line, type, line,
                               llvm::DINode::FlagPrototyped, llvm::DISubprogram::SPFlagDefinition);
  function.setSubprogram(subprogram);
  std::string argument_names;
  for (uint32_t i = 1; i <= source.param_count && i < source.registers.size(); ++i)
    argument_names += source.registers[i].name + '\0';
  s.described.push_back(
      {&function, source.name,
       std::filesystem::absolute(s.sources.file(source.location.file).path()).string(), line,
       argument_names, source.param_count, source.required_params});
  return subprogram;
}

llvm::DILocation* DebugInfo::location(llvm::DISubprogram* scope, SourceRange range) {
  State& s = *state_;
  if (range.begin == 0 && range.end == 0)
    return llvm::DILocation::get(s.module.getContext(), scope->getLine(), 0, scope);
  LineColumn position = s.sources.file(range.file).position(range.begin);
  return llvm::DILocation::get(s.module.getContext(), position.line, position.column, scope);
}

void DebugInfo::emit_function_table() {
  State& s = *state_;
  llvm::LLVMContext& context = s.module.getContext();
  llvm::Type* i64 = llvm::Type::getInt64Ty(context);
  llvm::PointerType* ptr = llvm::PointerType::get(context, 0);
  auto* i32 = llvm::Type::getInt32Ty(context);
  // InkoFunctionInfo: start, name, file, line, argument names, argument
  // count, required arguments.
  auto* entry_type = llvm::StructType::get(context, {ptr, ptr, ptr, i64, ptr, i32, i32});
  llvm::IRBuilder<> builder(context);
  std::unordered_map<std::string, llvm::Constant*> strings;
  auto string = [&](const std::string& text) -> llvm::Constant* {
    auto [found, inserted] = strings.emplace(text, nullptr);
    if (inserted)
      found->second = builder.CreateGlobalString(text, "function_table.text", 0, &s.module);
    return found->second;
  };
  std::vector<llvm::Constant*> entries;
  for (const DescribedFunction& function : s.described) {
    entries.push_back(llvm::ConstantStruct::get(
        entry_type, {function.function, string(function.name), string(function.file),
                     llvm::ConstantInt::get(i64, function.line), string(function.argument_names),
                     llvm::ConstantInt::get(i32, function.argument_count),
                     llvm::ConstantInt::get(i32, function.required_arguments)}));
  }
  auto* table_type = llvm::ArrayType::get(entry_type, entries.size());
  new llvm::GlobalVariable(s.module, table_type, true, llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantArray::get(table_type, entries), "inko_function_table");
  new llvm::GlobalVariable(s.module, i64, true, llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantInt::get(i64, entries.size()), "inko_function_count");
}

void DebugInfo::finalize() {
  state_->builder.finalize();
}

} // namespace inko::codegen
