// Linking: object file + the target's runtime library -> executable, through
// the system C compiler driver (cc, or the cross gcc for other targets).
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
};

// Returns false and sets `error` when the runtime is missing or the linker
// fails (its own messages go to stderr).
bool link_executable(const LinkRequest& request, std::string& error);

// Runs a program and waits for it; returns its exit status, or -1 if it
// could not be started, 128 + signal if it was killed.
int run_program(const std::vector<std::string>& argv);

} // namespace inko::driver
