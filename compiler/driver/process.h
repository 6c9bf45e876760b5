// Running a program: `inkoc run`, `inkoc test` and the linker.
#pragma once

#include <string>
#include <vector>

namespace inko::driver {

// Runs a program and waits for it; returns its exit status, or -1 if it
// could not be started, 128 + signal if it was killed.
int run_program(const std::vector<std::string>& argv);

} // namespace inko::driver
