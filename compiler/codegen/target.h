// Targets and machine code: creates the TargetMachine for a target triple,
// runs the new pass manager over an LLVM module, and writes LLVM IR,
// assembly or an object file.
#pragma once

#include <memory>
#include <string>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace inko::codegen {

// -O0 (the default: fast builds, full debug info) to -O3; --release is -O2.
enum class OptLevel { O0, O1, O2, O3 };

struct Target {
  std::string name;        // our name: x86_64-linux-gnu, aarch64-linux-gnu
  std::string llvm_triple; // LLVM's: x86_64-unknown-linux-gnu, ...
  std::string cpu;         // a baseline CPU, so binaries run on any machine of the arch
};

// The targets inkoc supports; nullptr for an unknown name.
const Target* find_target(const std::string& name);
const Target& host_target();
std::string supported_target_names();

class MachineCode {
public:
  // Returns nullptr and sets `error` if LLVM cannot build the target.
  static std::unique_ptr<MachineCode> create(const Target& target, OptLevel level,
                                             std::string& error);
  ~MachineCode();

  void optimize(llvm::Module& module) const;
  bool write_llvm_ir(llvm::Module& module, const std::string& path, std::string& error) const;
  bool write_assembly(llvm::Module& module, const std::string& path, std::string& error) const;
  bool write_object(llvm::Module& module, const std::string& path, std::string& error) const;

private:
  MachineCode(std::unique_ptr<llvm::TargetMachine> machine, OptLevel level);
  bool write_machine_code(llvm::Module& module, const std::string& path, bool assembly,
                          std::string& error) const;

  std::unique_ptr<llvm::TargetMachine> machine_;
  OptLevel level_;
};

} // namespace inko::codegen
