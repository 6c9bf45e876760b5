// Linking: object file + the target's runtime library -> executable, through
// the system C compiler driver (cc, or the cross gcc for other targets).
//
// Release executables are stripped of symbols and of all debug info except
// the line table (.debug_line, .debug_line_str): panics name Inko functions
// from the compiler's function table and take line numbers from the line
// table, so stack traces keep file:line at about 150 KB of extra size.
#pragma once

#include "codegen/target.h"

#include <string>
#include <vector>

namespace inko::driver {

struct LinkRequest {
  const codegen::Target* target;
  std::vector<std::string> objects;
  std::string output;
  bool strip = false;
  bool link_static = false; // no shared-library dependencies at all
};

// Returns false and sets `error` when the runtime is missing or the linker
// fails (its own messages go to stderr).
bool link_executable(const LinkRequest& request, std::string& error);

// What the executable for `target` depends on besides the objects: the
// runtime archive (size and time) and its link flags, for cache keys.
std::string runtime_identity(const codegen::Target& target);

} // namespace inko::driver
