// The compilation pipeline behind `inkoc build`, `check` and `parse`:
// source files -> module graph -> checked program -> LLVM IR -> object ->
// executable. Each step's output is the next step's input; the first step
// that reports errors stops the pipeline.
#pragma once

#include "codegen/target.h"
#include "diagnostics/diagnostics.h"

#include <string>
#include <vector>

namespace inko::driver {

enum class Emit { Executable, Object, Assembly, LlvmIr, Mir };

struct CompileOptions {
  std::string input;
  std::string output;
  Emit emit = Emit::Executable;
  std::vector<std::string> include_directories;
  codegen::OptLevel level = codegen::OptLevel::Debug;
  const codegen::Target* target = nullptr;
  DiagnosticFormat format = DiagnosticFormat::Text;
};

// Exit statuses of the inkoc executable.
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitCompileError = 1;
inline constexpr int kExitUsageError = 2;

int build(const CompileOptions& options);
int check(const std::vector<std::string>& inputs, bool parse_only,
          const std::vector<std::string>& include_directories, DiagnosticFormat format);
int dump_tree(const std::string& input, DiagnosticFormat format);

} // namespace inko::driver
