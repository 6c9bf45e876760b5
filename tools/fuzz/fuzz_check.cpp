// libFuzzer target for the checker: the input is the main module's source;
// it is loaded with the real standard library (stdlib/ of the source tree,
// or $INKO_FUZZ_STDLIB) and the implicit prelude, then checked. Any crash,
// hang or sanitizer report in the module graph or the checker is a finding;
// diagnostics are rendered too, so their arguments must be well formed.
//
// The input goes through a private temporary file because load_program
// reads the entry module from disk. The stdlib is parsed and checked again
// for every input: simple and faithful to `inkoc check`, but slow (~25-50
// inputs a second); sharing the parsed stdlib would need a module cache in
// compiler/modules/ (the graph owns its modules and their FileIds).
#include "check/checker.h"
#include "diagnostics/diagnostics.h"
#include "modules/module_graph.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#ifndef INKO_FUZZ_STDLIB
#error "INKO_FUZZ_STDLIB must name the stdlib directory"
#endif

namespace {

using namespace inko;

std::string stdlib_directory() {
  if (const char* own = std::getenv("INKO_FUZZ_STDLIB"); own != nullptr && *own != '\0')
    return own;
  return INKO_FUZZ_STDLIB;
}

// One file per process (libFuzzer's -jobs run several), removed at exit.
class EntryFile {
public:
  EntryFile() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "inko-fuzz-check-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      std::abort();
    directory_ = pattern;
    path_ = directory_ + "/main.inko";
  }
  ~EntryFile() {
    std::error_code code;
    std::filesystem::remove_all(directory_, code);
  }
  const std::string& write(const uint8_t* data, size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out)
      std::abort();
    return path_;
  }

private:
  std::string directory_;
  std::string path_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static EntryFile entry;
  static const modules::SearchPath search = [] {
    modules::SearchPath path;
    path.directories.push_back(stdlib_directory());
    path.implicit_prelude = true;
    return path;
  }();
  const std::string& path = entry.write(data, size);
  SourceManager sources;
  DiagnosticEngine diagnostics(sources);
  modules::ModuleGraph graph = modules::load_program(path, search, sources, diagnostics);
  if (graph.main == modules::kNoModule)
    std::abort(); // the entry file is always readable
  check::Program program = check::check_program(graph, diagnostics);
  (void)program;
  std::ostringstream rendered;
  diagnostics.render(rendered, DiagnosticFormat::Text, true);
  diagnostics.render(rendered, DiagnosticFormat::Json, false);
  return 0;
}
