// inkoc's command line (CLI11): build, run, test, check and parse. Every
// usage error is one line, `inkoc: error: ...; <hint>`, with exit status 2.
#include "driver/compile.h"
#include "driver/test_suite.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <llvm/Config/llvm-config.h>

#ifndef INKOC_VERSION
#define INKOC_VERSION "unknown"
#endif

namespace {

using namespace inko;
using namespace inko::driver;

struct Flags {
  std::vector<std::string> include_directories;
  std::string format = "text";
  std::string level;
  std::string target;
  std::string emit = "exe";
  bool release = false;
  bool link_static = false;
  bool timings = false;
  bool no_cache = false;
};

void add_search_flags(CLI::App* command, Flags& flags) {
  command
      ->add_option("-i,--include", flags.include_directories,
                   "Add a directory to the module search path")
      ->allow_extra_args(false) // `-i lib app.inko`: one directory per -i
      ->type_name("DIR");
  command->add_option("--format", flags.format, "How to print diagnostics: text or json")
      ->check(CLI::IsMember({"text", "json"}));
}

void add_code_flags(CLI::App* command, Flags& flags) {
  add_search_flags(command, flags);
  command->add_flag("--release", flags.release, "Optimise (-O2) and strip the executable");
  command->add_option("-O", flags.level, "Optimisation level: 0 (default), 1, 2 or 3")
      ->check(CLI::IsMember({"0", "1", "2", "3"}))
      ->type_name("LEVEL");
  command->add_flag("--timings", flags.timings, "Print the time of every phase to stderr");
  command->add_flag("--no-cache", flags.no_cache, "Do not use or fill the build cache");
}

std::string version_text() {
  return "inkoc " INKOC_VERSION " (Inko 0.8, LLVM " LLVM_VERSION_STRING ")\nhost: " +
         codegen::host_target().name + "\ntargets: " + codegen::supported_target_names();
}

// CLI11's messages, made one line with a hint naming the command's --help.
std::string failure_message(const CLI::App* app, const CLI::Error& error) {
  std::string command = "inkoc";
  for (const CLI::App* sub : app->get_subcommands())
    command += " " + sub->get_name();
  std::string what = error.what();
  {
    std::string prefix = "The following argument was not expected: ";
    std::string prefixes = "The following arguments were not expected: ";
    if (what.rfind(prefix, 0) == 0)
      what = "unknown flag or argument " + what.substr(prefix.size());
    else if (what.rfind(prefixes, 0) == 0)
      what = "unknown flags or arguments " + what.substr(prefixes.size());
  }
  if (command == "inkoc" && what.find("subcommand") != std::string::npos)
    what = "give a command";
  for (char& c : what) {
    if (c == '\n')
      c = ' ';
  }
  return "inkoc: error: " + what + "; run '" + command + " --help' for usage\n";
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"inkoc: an ahead-of-time compiler for Inko 0.8\n", "inkoc"};
  app.set_version_flag("-v,--version", version_text());
  app.require_subcommand(1);
  app.failure_message(failure_message);
  app.footer("Examples:\n"
             "  inkoc build hello.inko -o hello      compile to an executable\n"
             "  inkoc build app.inko --release --static --target aarch64-linux-gnu\n"
             "  inkoc run hello.inko ARGS...         compile (cached) and run\n"
             "  inkoc test -d .                      run ./test/**/test_*.inko\n"
             "  inkoc check hello.inko               report errors without compiling\n"
             "  inkoc parse --dump-tree hello.inko   print the syntax tree\n"
             "\n"
             "Exit status: 0 success, 1 the program has errors, 2 a bad command line.\n"
             "Builds are cached in $INKOC_CACHE_DIR (default ~/.cache/inkoc); see docs/cli.md.");

  Flags flags;
  CompileOptions options;

  auto* build = app.add_subcommand("build", "Compile a program into an executable");
  build->add_option("file", options.input, "The program's main .inko file")->required();
  build->add_option("-o,--output", options.output,
                    "Where to write the result (default: the file's name without .inko)");
  build->add_option("--emit", flags.emit, "What to write: exe (default), obj, asm, llvm or mir")
      ->check(CLI::IsMember({"exe", "obj", "asm", "llvm", "mir"}));
  build->add_option("--target", flags.target,
                    "The target triple: " + codegen::supported_target_names() +
                        " (default: " + codegen::host_target().name + ")");
  build->add_flag("--static", flags.link_static, "Link an executable without shared libraries");
  add_code_flags(build, flags);
  build->footer("Examples:\n"
                "  inkoc build app.inko                       debug build, writes ./app\n"
                "  inkoc build app.inko -o bin/app --release  optimised and stripped\n"
                "  inkoc build app.inko -O3 --timings         time every phase\n"
                "  inkoc build app.inko --target aarch64-linux-gnu --static --release\n"
                "  inkoc build app.inko --emit=llvm -o -      print the LLVM IR\n"
                "  inkoc build -i lib app.inko                search lib/ for modules");

  auto* run = app.add_subcommand("run", "Compile a program (cached) and run it, with ARGS...");
  run->add_option("file", options.input, "The program's main .inko file")->required();
  run->add_option("--target", flags.target,
                  "The target triple: " + codegen::supported_target_names() + " (default: " +
                      codegen::host_target().name + "); another machine's runs under qemu");
  run->add_flag("--static", flags.link_static, "Link an executable without shared libraries");
  add_code_flags(run, flags);
  run->prefix_command();
  run->footer("The program's exit status is inkoc's.\n"
              "Examples:\n"
              "  inkoc run app.inko first-argument --its-own-flag\n"
              "  inkoc run --release -i lib app.inko\n"
              "  inkoc run --target aarch64-linux-gnu app.inko   under qemu-aarch64");

  std::string test_directory = "tests";
  auto* test = app.add_subcommand("test", "Compile and run a project's unit tests");
  test->add_option("-d,--directory", test_directory,
                   "The directory holding test/ (default: tests), as in Inko 0.8")
      ->type_name("DIR");
  add_code_flags(test, flags);
  test->footer("Every DIR/test/**/test_*.inko module is imported by one generated program\n"
               "that runs its std::test groups; the status is non-zero when a test failed.\n"
               "Examples:\n"
               "  inkoc test                 the tests under ./tests/test/\n"
               "  inkoc test -d . --release  the tests under ./test/, optimised");

  std::vector<std::string> check_inputs;
  bool parse_only = false;
  auto* check = app.add_subcommand("check", "Report the errors in programs without compiling");
  check->add_option("files", check_inputs, "The .inko files to check")->required();
  check->add_flag("--parse-only", parse_only, "Only check the syntax");
  add_search_flags(check, flags);
  check->footer("Examples:\n"
                "  inkoc check app.inko\n"
                "  inkoc check --parse-only src/*.inko\n"
                "  inkoc check --format=json app.inko   one JSON object per diagnostic");

  std::string parse_input;
  bool dump = false;
  auto* parse = app.add_subcommand("parse", "Parse one file (for debugging the compiler)");
  parse->add_option("file", parse_input, "The .inko file")->required();
  parse->add_flag("--dump-tree", dump, "Print the syntax tree")->required();
  add_search_flags(parse, flags);
  parse->footer("Example:\n  inkoc parse --dump-tree hello.inko");

  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const CLI::App* command : app.get_subcommands({}))
      known = known || command->get_name() == argv[1];
    if (!known) {
      std::cerr << "inkoc: error: unknown command " << argv[1]
                << "; the commands are build, run, test, check and parse (see 'inkoc --help')\n";
      return kExitUsageError;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : kExitUsageError;
  }

  DiagnosticFormat format =
      flags.format == "json" ? DiagnosticFormat::Json : DiagnosticFormat::Text;
  options.include_directories = flags.include_directories;
  options.format = format;
  options.level = flags.release ? codegen::OptLevel::O2 : codegen::OptLevel::O0;
  if (!flags.level.empty())
    options.level = static_cast<codegen::OptLevel>(flags.level[0] - '0');
  options.strip = flags.release;
  options.link_static = flags.link_static;
  options.timings = flags.timings;
  options.use_cache = !flags.no_cache;
  if (!flags.target.empty()) {
    options.target = codegen::find_target(flags.target);
    if (options.target == nullptr) {
      std::cerr << "inkoc: error: unknown target " << flags.target
                << "; supported targets: " << codegen::supported_target_names() << '\n';
      return kExitUsageError;
    }
  }

  if (*build) {
    options.emit = flags.emit == "obj"    ? Emit::Object
                   : flags.emit == "asm"  ? Emit::Assembly
                   : flags.emit == "llvm" ? Emit::LlvmIr
                   : flags.emit == "mir"  ? Emit::Mir
                                          : Emit::Executable;
    const char* suffix = options.emit == Emit::Object     ? ".o"
                         : options.emit == Emit::Assembly ? ".s"
                         : options.emit == Emit::LlvmIr   ? ".ll"
                         : options.emit == Emit::Mir      ? ".mir"
                                                          : "";
    std::string default_name = std::filesystem::path(options.input).stem().string() + suffix;
    std::error_code code;
    if (options.output.empty())
      options.output = default_name;
    else if (options.output != "-" && std::filesystem::is_directory(options.output, code))
      options.output =
          (std::filesystem::path(options.output) / default_name).string(); // as go's -o

    options.show_warnings = true;
    return driver::build(options);
  }
  if (*run) // everything after the file is the program's (prefix_command)
    return driver::build_and_run(options, run->remaining());
  if (*test)
    return driver::run_tests(test_directory, options);
  if (*check)
    return driver::check(check_inputs, parse_only, flags.include_directories, format);
  return driver::dump_tree(parse_input, format);
}
