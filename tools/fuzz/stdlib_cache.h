// The standard library as the fuzz targets load it: the search path (the
// stdlib of the source tree, or $INKO_FUZZ_STDLIB, with the implicit
// prelude) and its modules parsed once, so that each input costs only its
// own parse plus the checker. INKO_FUZZ_NO_CACHE=1 parses everything again
// for every input, like `inkoc` does (to compare, or to rule the cache out).
#pragma once

#include "base/source.h"
#include "diagnostics/diagnostics.h"
#include "modules/module_graph.h"

#include <cstdlib>
#include <string>

#ifndef INKO_FUZZ_STDLIB
#error "INKO_FUZZ_STDLIB must name the stdlib directory"
#endif

namespace inko::fuzz {

class Stdlib {
public:
  Stdlib() {
    const char* own = std::getenv("INKO_FUZZ_STDLIB");
    std::string directory = own != nullptr && *own != '\0' ? own : INKO_FUZZ_STDLIB;
    search_.directories.push_back(directory);
    search_.implicit_prelude = true;
    const char* no_cache = std::getenv("INKO_FUZZ_NO_CACHE");
    if (no_cache == nullptr || std::string(no_cache) != "1")
      modules::cache_directory(directory, cache_, cached_sources_);
  }

  // A source manager for one input: it starts with the cached modules'
  // files, so their FileIds are valid in it.
  SourceManager fresh_sources() const { return cached_sources_; }

  // Loads the program whose main module is the file `entry_path`.
  modules::ModuleGraph load(const std::string& entry_path, SourceManager& sources,
                            DiagnosticEngine& diagnostics) const {
    return modules::load_program(entry_path, search_, sources, diagnostics, &cache_);
  }

private:
  modules::SearchPath search_;
  SourceManager cached_sources_; // owns the texts the cached tokens point into
  modules::ModuleCache cache_;
};

// One input loaded as the main module with the standard library, as both
// targets start: its sources, the diagnostics so far and the module graph.
// Neither copied nor moved, as the diagnostics refer to the sources.
struct LoadedInput {
  LoadedInput(const Stdlib& stdlib, const std::string& entry_path)
      : sources(stdlib.fresh_sources()), diagnostics(sources),
        graph(stdlib.load(entry_path, sources, diagnostics)) {
    if (graph.main == modules::kNoModule)
      std::abort(); // the entry file is always readable (and loads even if not UTF-8)
  }
  LoadedInput(const LoadedInput&) = delete;
  LoadedInput& operator=(const LoadedInput&) = delete;

  SourceManager sources;
  DiagnosticEngine diagnostics;
  modules::ModuleGraph graph;
};

} // namespace inko::fuzz
