#include "codegen/target.h"

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <mutex>

namespace inko::codegen {
namespace {

const Target kTargets[] = {
    {"x86_64-linux-gnu", "x86_64-unknown-linux-gnu", "x86-64"},
    {"aarch64-linux-gnu", "aarch64-unknown-linux-gnu", "generic"},
};

void initialise_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
  });
}

} // namespace

const Target* find_target(const std::string& name) {
  for (const Target& target : kTargets) {
    if (target.name == name)
      return &target;
  }
  return nullptr;
}

const Target& host_target() {
#if defined(__aarch64__)
  return kTargets[1];
#else
  return kTargets[0];
#endif
}

std::string supported_target_names() {
  std::string names;
  for (const Target& target : kTargets) {
    if (!names.empty())
      names += ", ";
    names += target.name;
  }
  return names;
}

MachineCode::MachineCode(std::unique_ptr<llvm::TargetMachine> machine, OptLevel level)
    : machine_(std::move(machine)), level_(level) {}

MachineCode::~MachineCode() = default;

std::unique_ptr<MachineCode> MachineCode::create(const Target& target, OptLevel level,
                                                 std::string& error) {
  initialise_llvm();
  const llvm::Target* llvm_target = llvm::TargetRegistry::lookupTarget(target.llvm_triple, error);
  if (llvm_target == nullptr)
    return nullptr;
  llvm::TargetOptions options;
  auto code_level = level == OptLevel::O0   ? llvm::CodeGenOptLevel::None
                    : level == OptLevel::O1 ? llvm::CodeGenOptLevel::Less
                                            : llvm::CodeGenOptLevel::Aggressive;
  // Position-independent code: Debian links executables as PIE by default.
  std::unique_ptr<llvm::TargetMachine> machine(llvm_target->createTargetMachine(
      target.llvm_triple, target.cpu, "", options, llvm::Reloc::PIC_, std::nullopt, code_level));
  if (!machine) {
    error = "LLVM could not create a machine for " + target.llvm_triple;
    return nullptr;
  }
  return std::unique_ptr<MachineCode>(new MachineCode(std::move(machine), level));
}

void MachineCode::optimize(llvm::Module& module) const {
  module.setDataLayout(machine_->createDataLayout());
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(machine_.get());
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  llvm::ModulePassManager passes =
      level_ == OptLevel::O0   ? builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
      : level_ == OptLevel::O1 ? builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O1)
      : level_ == OptLevel::O2 ? builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2)
                               : builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  passes.run(module, modules);
}

bool MachineCode::write_llvm_ir(llvm::Module& module, const std::string& path,
                                std::string& error) const {
  std::error_code code;
  llvm::raw_fd_ostream out(path, code, llvm::sys::fs::OF_Text);
  if (code) {
    error = code.message();
    return false;
  }
  module.print(out, nullptr);
  return true;
}

bool MachineCode::write_assembly(llvm::Module& module, const std::string& path,
                                 std::string& error) const {
  return write_machine_code(module, path, true, error);
}

bool MachineCode::write_object(llvm::Module& module, const std::string& path,
                               std::string& error) const {
  return write_machine_code(module, path, false, error);
}

bool MachineCode::write_machine_code(llvm::Module& module, const std::string& path, bool assembly,
                                     std::string& error) const {
  module.setDataLayout(machine_->createDataLayout());
  std::error_code code;
  llvm::raw_fd_ostream out(path, code, llvm::sys::fs::OF_None);
  if (code) {
    error = code.message();
    return false;
  }
  // The new pass manager does not drive instruction selection in LLVM 19;
  // code emission still goes through the legacy manager.
  llvm::legacy::PassManager passes;
  auto file_type =
      assembly ? llvm::CodeGenFileType::AssemblyFile : llvm::CodeGenFileType::ObjectFile;
  if (machine_->addPassesToEmitFile(passes, out, nullptr, file_type)) {
    error = "LLVM cannot emit this file type for the target";
    return false;
  }
  passes.run(module);
  out.flush();
  return true;
}

} // namespace inko::codegen
