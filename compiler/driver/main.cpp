// inkoc's command line: build, run, check and parse (CLI11).
#include "driver/compile.h"
#include "driver/link.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#ifndef INKOC_VERSION
#define INKOC_VERSION "unknown"
#endif

namespace {

using namespace inko;
using namespace inko::driver;

struct CommonFlags {
  std::vector<std::string> include_directories;
  std::string format = "text";

  DiagnosticFormat diagnostic_format() const {
    return format == "json" ? DiagnosticFormat::Json : DiagnosticFormat::Text;
  }
};

void add_common_flags(CLI::App* command, CommonFlags& flags) {
  command
      ->add_option("-i,--include", flags.include_directories,
                   "Add a directory to the module search path")
      ->allow_extra_args(false); // `-i lib app.inko`: one directory per -i
  command->add_option("--format", flags.format, "How to print diagnostics")
      ->check(CLI::IsMember({"text", "json"}));
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"inkoc: an ahead-of-time compiler for Inko 0.8\n", "inkoc"};
  app.set_version_flag("-v,--version", "inkoc " INKOC_VERSION);
  app.require_subcommand(1);
  app.footer("Examples:\n"
             "  inkoc build hello.inko -o hello      compile to an executable\n"
             "  inkoc run hello.inko                 compile and run\n"
             "  inkoc check hello.inko               report errors without compiling\n"
             "  inkoc parse --dump-tree hello.inko   print the syntax tree");

  CommonFlags common;
  CompileOptions options;
  std::string emit = "exe";
  std::string target_name;
  bool release = false;

  auto* build = app.add_subcommand("build", "Compile a program into an executable");
  build->add_option("file", options.input, "The program's main .inko file")->required();
  build->add_option("-o,--output", options.output, "Where to write the result");
  build->add_option("--emit", emit, "What to produce")
      ->check(CLI::IsMember({"exe", "obj", "asm", "llvm", "mir"}));
  build->add_flag("--release", release, "Optimise the program");
  build->add_option("--target", target_name, "The target triple (default: the host)");
  add_common_flags(build, common);
  build->footer("Example:\n  inkoc build app.inko -o app --release");

  std::vector<std::string> run_arguments;
  auto* run = app.add_subcommand("run", "Compile a program and run it");
  run->add_option("file", options.input, "The program's main .inko file")->required();
  run->add_option("arguments", run_arguments, "Arguments for the program");
  run->add_flag("--release", release, "Optimise the program");
  add_common_flags(run, common);
  run->prefix_command();
  run->footer("Example:\n  inkoc run app.inko first-argument");

  std::vector<std::string> check_inputs;
  bool parse_only = false;
  auto* check = app.add_subcommand("check", "Report the errors in programs without compiling");
  check->add_option("files", check_inputs, "The .inko files to check")->required();
  check->add_flag("--parse-only", parse_only, "Only check the syntax");
  add_common_flags(check, common);
  check->footer("Example:\n  inkoc check --parse-only src/*.inko");

  std::string parse_input;
  bool dump = false;
  auto* parse = app.add_subcommand("parse", "Parse one file (for debugging the compiler)");
  parse->add_option("file", parse_input, "The .inko file")->required();
  parse->add_flag("--dump-tree", dump, "Print the syntax tree")->required();
  add_common_flags(parse, common);
  parse->footer("Example:\n  inkoc parse --dump-tree hello.inko");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : kExitUsageError;
  }

  options.include_directories = common.include_directories;
  options.format = common.diagnostic_format();
  options.level = release ? codegen::OptLevel::Release : codegen::OptLevel::Debug;
  if (!target_name.empty()) {
    options.target = codegen::find_target(target_name);
    if (options.target == nullptr) {
      std::cerr << "inkoc: error: unknown target " << target_name
                << "; supported targets: " << codegen::supported_target_names() << '\n';
      return kExitUsageError;
    }
  }

  if (*build) {
    if (emit == "obj")
      options.emit = Emit::Object;
    if (emit == "asm")
      options.emit = Emit::Assembly;
    if (emit == "llvm")
      options.emit = Emit::LlvmIr;
    if (emit == "mir")
      options.emit = Emit::Mir;
    if (options.output.empty()) {
      std::filesystem::path stem = std::filesystem::path(options.input).stem();
      const char* suffix = options.emit == Emit::Object     ? ".o"
                           : options.emit == Emit::Assembly ? ".s"
                           : options.emit == Emit::LlvmIr   ? ".ll"
                           : options.emit == Emit::Mir      ? ".mir"
                                                            : "";
      options.output = stem.string() + suffix;
    }
    return driver::build(options);
  }
  if (*run) {
    std::string directory = std::filesystem::temp_directory_path() / "inkoc-run-XXXXXX";
    if (mkdtemp(directory.data()) == nullptr) {
      std::cerr << "inkoc: error: could not create a temporary directory\n";
      return kExitCompileError;
    }
    options.output = directory + "/program";
    int status = driver::build(options);
    if (status == kExitSuccess) {
      std::vector<std::string> argv{options.output};
      argv.insert(argv.end(), run_arguments.begin(), run_arguments.end());
      status = run_program(argv);
    }
    std::error_code code;
    std::filesystem::remove_all(directory, code);
    return status;
  }
  if (*check) {
    return driver::check(check_inputs, parse_only, common.include_directories,
                         common.diagnostic_format());
  }
  return driver::dump_tree(parse_input, common.diagnostic_format());
}
