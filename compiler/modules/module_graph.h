// The module graph: given the entry file and the source directories, finds,
// lexes and parses every module the program imports (LANGUAGE L40-L42) and
// orders them so that each module comes after the modules it imports.
#pragma once

#include "diagnostics/diagnostics.h"
#include "lex/token.h"
#include "parse/tree.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace inko::modules {

using ModuleId = uint32_t;

struct ParsedModule {
  std::string name; // e.g. "std::stdio::stdout"; the entry file is "main"
  FileId file;
  lex::TokenizedBuffer tokens;
  parse::Tree tree;
  // One entry per Import node of the tree, in source order: the imported
  // module, or kNoModule when it could not be loaded.
  std::vector<ModuleId> imports;
  // core::bootstrap and core::prelude when imported implicitly (L42).
  std::vector<ModuleId> implicit_imports;
};

inline constexpr ModuleId kNoModule = UINT32_MAX;

struct ModuleGraph {
  // Owned by pointer so that trees can keep pointing at their tokens.
  std::vector<std::unique_ptr<ParsedModule>> modules;
  // Every module after the modules it imports; the main module last.
  std::vector<ModuleId> load_order;
  ModuleId main = kNoModule;

  const ParsedModule& operator[](ModuleId id) const { return *modules[id]; }
};

struct SearchPath {
  std::vector<std::string> directories; // searched in order
  // L42: every module implicitly imports core::bootstrap and core::prelude.
  // On for `inkoc check`; off for `inkoc build` until code generation can
  // compile the prelude.
  bool implicit_prelude = false;
};

// The file of module `name` relative to a source directory (L40):
// `std::fs::file` -> `std/fs/file.inko`.
std::string module_relative_path(const std::string& name);

// Modules parsed once and reused by many loads (the fuzz targets load the
// same standard library for every input), keyed by the file path a load
// would read. Their FileIds and token texts belong to the SourceManager
// they were parsed with: every load using the cache must be given that
// manager or a copy of it (copies keep FileIds; the texts stay in the
// original, which must outlive the cache). Only modules that parsed
// without diagnostics belong here, as a load from the cache reports none.
struct ModuleCache {
  std::unordered_map<std::string, std::unique_ptr<ParsedModule>> by_path;
};

// Parses every `.inko` file under `directory` (a source directory of the
// search path) into `cache`; files with parse errors are left out.
void cache_directory(const std::string& directory, ModuleCache& cache, SourceManager& sources);

// Loads the entry file and everything it imports. Missing files, syntax
// errors, missing modules and import cycles are reported to `diagnostics`.
// Imported modules found in `cache` are copied from it instead of parsed.
ModuleGraph load_program(const std::string& entry_path, const SearchPath& search_path,
                         SourceManager& sources, DiagnosticEngine& diagnostics,
                         const ModuleCache* cache = nullptr);

// Parses one file on its own (for `inkoc parse` and `check --parse-only`).
std::unique_ptr<ParsedModule> parse_file(const std::string& path, const std::string& name,
                                         SourceManager& sources, DiagnosticEngine& diagnostics);

} // namespace inko::modules
