#include "driver/compile.h"

#include "check/checker.h"
#include "codegen/lower.h"
#include "driver/link.h"
#include "driver/paths.h"
#include "mir/build.h"
#include "modules/module_graph.h"
#include "parse/tree.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <unistd.h>

namespace inko::driver {
namespace {

namespace fs = std::filesystem;

int report(const DiagnosticEngine& diagnostics, DiagnosticFormat format) {
  diagnostics.render(std::cerr, format, format == DiagnosticFormat::Text && should_colour(2));
  return diagnostics.has_errors() ? kExitCompileError : kExitSuccess;
}

// A missing or unreadable input is a usage error (exit 2), not a compile error.
bool input_is_usable(const std::string& path) {
  std::error_code code;
  if (!fs::exists(path, code)) {
    std::cerr << "inkoc: error: the file " << path << " does not exist\n";
    return false;
  }
  if (fs::is_directory(path, code)) {
    std::cerr << "inkoc: error: " << path << " is a directory; give the path of an .inko file\n";
    return false;
  }
  return true;
}

modules::SearchPath search_path_for(const std::string& input,
                                    const std::vector<std::string>& include_directories) {
  modules::SearchPath path;
  path.directories.push_back(stdlib_directory());
  for (const std::string& directory : include_directories)
    path.directories.push_back(directory);
  // The program's own directory, so that its modules can import each other.
  fs::path parent = fs::path(input).parent_path();
  path.directories.push_back(parent.empty() ? "." : parent.string());
  // Every module implicitly imports core::bootstrap and core::prelude (L42).
  path.implicit_prelude = true;
  return path;
}

// A private directory for intermediate files, removed when done.
class TemporaryDirectory {
public:
  TemporaryDirectory() {
    std::string pattern = (fs::temp_directory_path() / "inkoc-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr)
      path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code code;
    if (!path_.empty())
      fs::remove_all(path_, code);
  }
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

} // namespace

int build(const CompileOptions& options) {
  if (!input_is_usable(options.input))
    return kExitUsageError;
  SourceManager sources;
  DiagnosticEngine diagnostics(sources);
  modules::ModuleGraph graph = modules::load_program(
      options.input, search_path_for(options.input, options.include_directories), sources,
      diagnostics);
  if (diagnostics.has_errors())
    return report(diagnostics, options.format);
  check::Program program = check::check_program(graph, diagnostics);
  if (diagnostics.has_errors())
    return report(diagnostics, options.format);

  mir::Program mir_program = mir::build(program, diagnostics);
  if (diagnostics.has_errors())
    return report(diagnostics, options.format);
  if (options.emit == Emit::Mir) {
    if (options.output == "-") {
      std::cout << mir::print(mir_program);
      return kExitSuccess;
    }
    std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
    out << mir::print(mir_program);
    out.close();
    if (!out) {
      std::cerr << "inkoc: error: could not write " << options.output << '\n';
      return kExitCompileError;
    }
    return kExitSuccess;
  }

  const codegen::Target& target = options.target ? *options.target : codegen::host_target();
  std::string error;
  auto machine = codegen::MachineCode::create(target, options.level, error);
  if (!machine) {
    std::cerr << "inkoc: error: " << error << '\n';
    return kExitCompileError;
  }
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module =
      codegen::lower_program(mir_program, sources, context, target.llvm_triple,
                             options.level == codegen::OptLevel::Release);
  std::string verify_errors;
  llvm::raw_string_ostream verify_stream(verify_errors);
  if (llvm::verifyModule(*module, &verify_stream)) {
    std::cerr << "inkoc: internal error: the generated LLVM IR is invalid:\n"
              << verify_errors << '\n';
    return kExitCompileError;
  }
  machine->optimize(*module);

  bool ok = true;
  switch (options.emit) {
  case Emit::Mir:
    break;
  case Emit::LlvmIr:
    if (options.output == "-") {
      module->print(llvm::outs(), nullptr);
      break;
    }
    ok = machine->write_llvm_ir(*module, options.output, error);
    break;
  case Emit::Assembly:
    ok = machine->write_assembly(*module, options.output, error);
    break;
  case Emit::Object:
    ok = machine->write_object(*module, options.output, error);
    break;
  case Emit::Executable: {
    TemporaryDirectory temporary;
    if (temporary.path().empty()) {
      error = "could not create a temporary directory";
      ok = false;
      break;
    }
    std::string object = temporary.path() + "/program.o";
    ok = machine->write_object(*module, object, error) &&
         link_executable(
             {&target, {object}, options.output, options.level == codegen::OptLevel::Release},
             error);
    break;
  }
  }
  if (!ok) {
    std::cerr << "inkoc: error: " << error << '\n';
    return kExitCompileError;
  }
  return kExitSuccess;
}

int check(const std::vector<std::string>& inputs, bool parse_only,
          const std::vector<std::string>& include_directories, DiagnosticFormat format) {
  SourceManager sources;
  DiagnosticEngine diagnostics(sources);
  for (const std::string& input : inputs) {
    if (!input_is_usable(input))
      return kExitUsageError;
    if (parse_only) {
      modules::parse_file(input, "main", sources, diagnostics);
      continue;
    }
    modules::ModuleGraph graph = modules::load_program(
        input, search_path_for(input, include_directories), sources, diagnostics);
    if (!diagnostics.has_errors())
      check::check_program(graph, diagnostics);
  }
  return report(diagnostics, format);
}

int dump_tree(const std::string& input, DiagnosticFormat format) {
  if (!input_is_usable(input))
    return kExitUsageError;
  SourceManager sources;
  DiagnosticEngine diagnostics(sources);
  auto module = modules::parse_file(input, "main", sources, diagnostics);
  if (module)
    std::cout << parse::dump_tree(module->tree, sources);
  return report(diagnostics, format);
}

} // namespace inko::driver
