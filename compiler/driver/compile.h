// The compilation pipeline behind `inkoc build`, `run`, `test`, `check` and
// `parse`: source files -> module graph -> checked program -> MIR -> LLVM IR
// -> object -> executable. Each step's output is the next step's input; the
// first step that reports errors stops the pipeline. Executables go through
// the build cache (build_cache.h) unless it is turned off.
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
  codegen::OptLevel level = codegen::OptLevel::O0;
  const codegen::Target* target = nullptr; // nullptr: the host
  DiagnosticFormat format = DiagnosticFormat::Text;
  bool strip = false;       // --release: see link.h for what is kept
  bool link_static = false; // --static
  bool timings = false;     // --timings: print each phase's time to stderr
  bool use_cache = true;    // --no-cache turns it off
  // `inkoc build` reports warnings of a program it compiles; `run` and
  // `test` leave stderr to the program (`inkoc check` reports them too).
  bool show_warnings = false;
};

// Exit statuses of the inkoc executable.
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitCompileError = 1;
inline constexpr int kExitUsageError = 2;

// `inkoc build`: writes options.output.
int build(const CompileOptions& options);

// `inkoc run` and `inkoc test`: builds, then runs the executable with
// `arguments`; returns the program's exit status.
int build_and_run(const CompileOptions& options, const std::vector<std::string>& arguments);

int check(const std::vector<std::string>& inputs, bool parse_only,
          const std::vector<std::string>& include_directories, DiagnosticFormat format);
int dump_tree(const std::string& input, DiagnosticFormat format);

// Usage checks shared by the commands: each prints a one-line error with a
// hint and returns false.
bool input_is_usable(const std::string& path);
bool directory_is_usable(const std::string& path, const std::string& what);

} // namespace inko::driver
