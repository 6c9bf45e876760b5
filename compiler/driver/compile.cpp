#include "driver/compile.h"

#include "check/checker.h"
#include "codegen/lower.h"
#include "driver/build_cache.h"
#include "driver/content_hash.h"
#include "driver/link.h"
#include "driver/paths.h"
#include "driver/process.h"
#include "driver/progress.h"
#include "driver/timings.h"
#include "mir/build.h"
#include "modules/module_graph.h"
#include "parse/tree.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <llvm/Config/llvm-config.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <optional>
#include <unistd.h>

#ifndef INKOC_VERSION
#define INKOC_VERSION "unknown"
#endif

namespace inko::driver {
namespace {

namespace fs = std::filesystem;

int report(const DiagnosticEngine& diagnostics, DiagnosticFormat format) {
  diagnostics.render(std::cerr, format, format == DiagnosticFormat::Text && should_colour(2));
  return diagnostics.has_errors() ? kExitCompileError : kExitSuccess;
}

modules::SearchPath search_path_for(const std::string& input,
                                    const std::vector<std::string>& include_directories) {
  modules::SearchPath path;
  // Each directory once, so that "looked in" lists do not repeat one.
  auto add = [&path](const std::string& directory) {
    for (const std::string& listed : path.directories) {
      if (fs::path(listed).lexically_normal() == fs::path(directory).lexically_normal())
        return;
    }
    path.directories.push_back(directory);
  };
  add(stdlib_directory());
  for (const std::string& directory : include_directories)
    add(directory);
  // The program's own directory, so that its modules can import each other.
  fs::path parent = fs::path(input).parent_path();
  add(parent.empty() ? "." : parent.string());
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

// The compiler itself, as far as its output is concerned: a rebuilt inkoc
// (new size or time) never reuses objects an older one cached.
const std::string& compiler_identity() {
  static const std::string identity = [] {
    std::error_code code;
    fs::path self = fs::read_symlink("/proc/self/exe", code);
    auto size = fs::file_size(self, code);
    auto time = fs::last_write_time(self, code).time_since_epoch().count();
    return Hasher()
        .add(INKOC_VERSION)
        .add(LLVM_VERSION_STRING)
        .add(size)
        .add(static_cast<unsigned long long>(time))
        .hex();
  }();
  return identity;
}

std::string absolute(const std::string& path) {
  std::error_code code;
  return fs::absolute(path, code).string();
}

// One build: its options, timings, progress line and cache.
struct Session {
  const CompileOptions& options;
  const codegen::Target& target;
  Progress progress;
  Timings timings;
  std::unique_ptr<BuildCache> cache;

  explicit Session(const CompileOptions& o)
      : options(o), target(o.target ? *o.target : codegen::host_target()),
        progress("building " + o.input), timings(&progress) {
    if (!o.use_cache || o.emit != Emit::Executable)
      return;
    std::string error;
    cache = BuildCache::open(cache_directory(), error);
    if (!cache)
      std::cerr << "inkoc: warning: " << error << "; building without it\n";
  }

  ~Session() { finish(); }

  // Ends the progress line and prints the timings; before any other output.
  void finish() {
    timings.end();
    progress.stop();
    if (options.timings && !finished_) {
      std::cerr << "inkoc: timings for " << options.input << " (" << target.name << ", -O"
                << static_cast<int>(options.level) << "):\n";
      timings.print(std::cerr);
    }
    finished_ = true;
  }

  int fail(const std::string& error) {
    finish();
    std::cerr << "inkoc: error: " << error << '\n';
    return kExitCompileError;
  }

  int report_errors(const DiagnosticEngine& diagnostics) {
    finish();
    return report(diagnostics, options.format);
  }

  std::string fingerprint_id(const modules::SearchPath& search) const {
    Hasher hasher;
    hasher.add(compiler_identity()).add("fingerprint").add(target.name);
    hasher.add(static_cast<unsigned long long>(options.level)).add(absolute(options.input));
    for (const std::string& directory : search.directories)
      hasher.add(absolute(directory));
    return hasher.hex();
  }

  std::string executable_key(const std::string& object_key) {
    return Hasher()
        .add(object_key)
        .add("executable")
        .add(runtime_identity(target))
        .add(options.link_static)
        .add(options.strip)
        .hex();
  }

  bool link(const std::string& object, const std::string& output, std::string& error) {
    timings.begin("link");
    return link_executable({&target, {object}, output, options.strip, options.link_static}, error);
  }

private:
  bool finished_ = false;
};

bool write_text(const std::string& path, const std::string& text, std::string& error) {
  if (path == "-") {
    std::cout << text;
    return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out)
    error = "could not write " + path + ": " + std::strerror(errno);
  return static_cast<bool>(out);
}

// Writes what `options.emit` asks for from the program's MIR; an
// executable's object goes to `object`.
// Loads, parses, checks and lowers the program to MIR, timing each phase;
// false when `diagnostics` has errors (the caller reports them).
bool run_front_end(Session& session, const modules::SearchPath& search, SourceManager& sources,
                   DiagnosticEngine& diagnostics, modules::ModuleGraph& graph,
                   mir::Program& mir_program) {
  session.timings.begin("lex/parse");
  graph = modules::load_program(session.options.input, search, sources, diagnostics);
  if (diagnostics.has_errors())
    return false;
  session.timings.begin("check");
  check::Program program = check::check_program(graph, diagnostics);
  if (diagnostics.has_errors())
    return false;
  session.timings.begin("MIR");
  mir_program = mir::build(program, diagnostics);
  if (diagnostics.has_errors())
    return false;
  if (session.options.show_warnings && !diagnostics.diagnostics().empty())
    report(diagnostics, session.options.format);
  return true;
}

bool emit_code(Session& session, const mir::Program& program, const SourceManager& sources,
               const std::string& object, std::string& error) {
  const CompileOptions& options = session.options;
  auto machine = codegen::MachineCode::create(session.target, options.level, error);
  if (!machine)
    return false;
  session.timings.begin("LLVM lowering");
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module =
      codegen::lower_program(program, sources, context, session.target.llvm_triple,
                             options.level != codegen::OptLevel::O0);
  std::string verify_errors;
  llvm::raw_string_ostream verify_stream(verify_errors);
  if (llvm::verifyModule(*module, &verify_stream)) {
    error = "internal error: the generated LLVM IR is invalid:\n" + verify_errors;
    return false;
  }
  session.timings.begin("optimisation");
  machine->optimize(*module);
  session.timings.begin("object emission");
  switch (options.emit) {
  case Emit::Mir:
    return true;
  case Emit::LlvmIr:
    if (options.output == "-") {
      module->print(llvm::outs(), nullptr);
      return true;
    }
    return machine->write_llvm_ir(*module, options.output, error);
  case Emit::Assembly:
    return machine->write_assembly(*module, options.output, error);
  case Emit::Object:
    return machine->write_object(*module, options.output, error);
  case Emit::Executable:
    return machine->write_object(*module, object, error);
  }
  return false;
}

// Builds the executable and sets `executable` to its path: in the cache, or
// `uncached_output` without one.
int build_executable(Session& session, const std::string& uncached_output,
                     std::string& executable) {
  const CompileOptions& options = session.options;
  BuildCache* cache = session.cache.get();
  modules::SearchPath search = search_path_for(options.input, options.include_directories);
  std::string fingerprint, object_key;
  std::string error;
  if (cache != nullptr) {
    session.timings.begin("cache lookup");
    fingerprint = session.fingerprint_id(search);
    if (cache->find_fingerprint(fingerprint, search, options.input, object_key)) {
      executable = cache->executable_path(session.executable_key(object_key));
      if (cache->has(executable)) {
        session.timings.skipped("compile and link", "cached");
        return kExitSuccess;
      }
      std::string object = cache->object_path(object_key);
      if (cache->has(object)) {
        session.timings.skipped("compile", "cached object");
        std::string temporary = cache->temporary_for(executable);
        if (!session.link(object, temporary, error) || !cache->commit(temporary, executable))
          return session.fail(error.empty() ? "could not write " + executable : error);
        cache->trim();
        return kExitSuccess;
      }
    }
  }

  SourceManager sources;
  DiagnosticEngine diagnostics(sources);
  modules::ModuleGraph graph;
  mir::Program mir_program;
  if (!run_front_end(session, search, sources, diagnostics, graph, mir_program))
    return session.report_errors(diagnostics);

  TemporaryDirectory temporary;
  std::string object, linked;
  std::vector<ModuleFingerprint> fingerprints;
  if (cache != nullptr) {
    Hasher key;
    key.add(compiler_identity()).add("object").add(session.target.name);
    key.add(static_cast<unsigned long long>(options.level));
    for (modules::ModuleId id : graph.load_order) {
      const modules::ParsedModule& module = graph[id];
      const SourceFile& file = sources.file(module.file);
      fingerprints.push_back({module.name, absolute(file.path()), hash_text(file.text())});
      key.add(fingerprints.back().name).add(fingerprints.back().path).add(fingerprints.back().hash);
    }
    object_key = key.hex();
    object = cache->object_path(object_key);
    executable = cache->executable_path(session.executable_key(object_key));
    linked = cache->temporary_for(executable);
  } else {
    if (temporary.path().empty())
      return session.fail("could not create a temporary directory");
    object = temporary.path() + "/program.o";
    executable = linked = uncached_output;
  }

  if (cache != nullptr && cache->has(object)) {
    session.timings.skipped("code generation", "cached object");
  } else {
    std::string written = cache != nullptr ? cache->temporary_for(object) : object;
    if (!emit_code(session, mir_program, sources, written, error))
      return session.fail(error);
    if (cache != nullptr && !cache->commit(written, object))
      return session.fail("could not write " + object);
  }
  if (!session.link(object, linked, error))
    return session.fail(error);
  if (cache != nullptr) {
    if (!cache->commit(linked, executable))
      return session.fail("could not write " + executable);
    cache->store_fingerprint(fingerprint, object_key, fingerprints);
    cache->trim();
  }
  return kExitSuccess;
}

// Whether `path` exists and is no regular file or directory: a device
// such as /dev/null, a pipe or a socket.
bool is_special_file(const std::string& path) {
  std::error_code code;
  fs::file_status status = fs::status(path, code);
  return fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status);
}

// Copies a cached executable to where the user asked for it; through a
// temporary name, so a running copy of the old program is not disturbed.
bool install_executable(const std::string& from, const std::string& to, std::string& error) {
  std::error_code code;
  if (is_special_file(to)) {
    // A device or a pipe (-o /dev/null): written through, never replaced
    // (renaming over /dev/null as root would replace the device).
    std::ifstream in(from, std::ios::binary);
    std::ofstream out(to, std::ios::binary);
    out << in.rdbuf();
    out.close();
    if (!in || !out)
      error = "could not write " + to;
    return in && out;
  }
  std::string temporary = to + ".inkoc-tmp";
  fs::copy_file(from, temporary, fs::copy_options::overwrite_existing, code);
  if (!code)
    fs::permissions(temporary,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                        fs::perms::others_read | fs::perms::others_exec,
                    code);
  if (!code)
    fs::rename(temporary, to, code);
  if (code) {
    error = "could not write " + to + ": " + code.message();
    fs::remove(temporary, code);
    return false;
  }
  return true;
}

// --emit=obj, asm, llvm and mir: no linking, no cache.
int build_intermediate(Session& session) {
  const CompileOptions& options = session.options;
  SourceManager sources;
  DiagnosticEngine diagnostics(sources);
  modules::ModuleGraph graph;
  mir::Program mir_program;
  if (!run_front_end(session, search_path_for(options.input, options.include_directories), sources,
                     diagnostics, graph, mir_program))
    return session.report_errors(diagnostics);
  std::string error;
  if (options.emit == Emit::Mir) {
    if (!write_text(options.output, mir::print(mir_program), error))
      return session.fail(error);
    return kExitSuccess;
  }
  if (!emit_code(session, mir_program, sources, "", error))
    return session.fail(error);
  return kExitSuccess;
}

bool options_are_usable(const CompileOptions& options) {
  if (!input_is_usable(options.input))
    return false;
  for (const std::string& directory : options.include_directories) {
    if (!directory_is_usable(directory, "include directory"))
      return false;
  }
  if (options.output == "-" && options.emit == Emit::Executable) {
    std::cerr << "inkoc: error: an executable can not be written to stdout (-o -); give a file "
                 "name with -o\n";
    return false;
  }
  if (options.output == "-" && options.emit == Emit::Object && isatty(STDOUT_FILENO)) {
    std::cerr << "inkoc: error: --emit=obj -o - would print an object file on the terminal; "
                 "redirect stdout or give a file name with -o\n";
    return false;
  }
  if (options.output.empty() || options.output == "-")
    return true;
  fs::path parent = fs::path(options.output).parent_path();
  std::error_code code;
  if (!parent.empty() && !fs::is_directory(parent, code)) {
    std::cerr << "inkoc: error: the output directory " << parent.string()
              << " does not exist; create it or choose another -o\n";
    return false;
  }
  return true;
}

} // namespace

bool input_is_usable(const std::string& path) {
  std::error_code code;
  if (!fs::exists(path, code)) {
    std::cerr << "inkoc: error: the file " << path << " does not exist; check the path\n";
    return false;
  }
  if (fs::is_directory(path, code)) {
    std::cerr << "inkoc: error: " << path << " is a directory; give the path of an .inko file\n";
    return false;
  }
  if (access(path.c_str(), R_OK) != 0) {
    std::cerr << "inkoc: error: cannot read " << path << "; check its permissions\n";
    return false;
  }
  return true;
}

bool directory_is_usable(const std::string& path, const std::string& what) {
  std::error_code code;
  if (!fs::is_directory(path, code)) {
    std::cerr << "inkoc: error: the " << what << " " << path
              << (fs::exists(path, code) ? " is not a directory" : " does not exist")
              << "; check the path\n";
    return false;
  }
  DIR* directory = opendir(path.c_str());
  if (directory == nullptr) {
    std::cerr << "inkoc: error: cannot read the " << what << " " << path
              << "; check its permissions\n";
    return false;
  }
  closedir(directory);
  return true;
}

int build(const CompileOptions& options) {
  if (!options_are_usable(options))
    return kExitUsageError;
  Session session(options);
  if (options.emit != Emit::Executable)
    return build_intermediate(session);
  std::string executable, error;
  // The linker and the strip step write files next to their output and
  // rename them; a special output gets a private one, copied into it.
  TemporaryDirectory temporary;
  std::string linked = options.output;
  if (is_special_file(options.output)) {
    if (temporary.path().empty())
      return session.fail("could not create a temporary directory");
    linked = temporary.path() + "/program";
  }
  int status = build_executable(session, linked, executable);
  if (status != kExitSuccess)
    return status;
  if (executable != options.output && !install_executable(executable, options.output, error))
    return session.fail(error);
  return kExitSuccess;
}

int build_and_run(const CompileOptions& options, const std::vector<std::string>& arguments) {
  if (!options_are_usable(options))
    return kExitUsageError;
  const codegen::Target& target =
      options.target != nullptr ? *options.target : codegen::host_target();
  std::vector<std::string> argv;
  std::string error;
  if (!emulator_for(target.name, target.name == codegen::host_target().name, argv, error)) {
    std::cerr << "inkoc: error: " << error << '\n';
    return kExitUsageError;
  }
  TemporaryDirectory temporary;
  std::string executable;
  {
    Session session(options);
    if (!session.cache && temporary.path().empty())
      return session.fail("could not create a temporary directory");
    int status = build_executable(session, temporary.path() + "/program", executable);
    if (status != kExitSuccess)
      return status;
  }
  argv.push_back(executable);
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  int signal = 0;
  int status = run_program(argv, &signal);
  if (status < 0) {
    std::cerr << "inkoc: error: could not run " << executable << '\n';
    return kExitCompileError;
  }
  // Nothing in the program could say so itself; SIGINT is the user's own
  // Ctrl-C and needs no words.
  if (signal != 0 && signal != SIGINT)
    std::cerr << "inkoc: the program was " << describe_signal(signal) << '\n';
  return status;
}

int check(const std::vector<std::string>& inputs, bool parse_only,
          const std::vector<std::string>& include_directories, DiagnosticFormat format) {
  for (const std::string& directory : include_directories) {
    if (!directory_is_usable(directory, "include directory"))
      return kExitUsageError;
  }
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
