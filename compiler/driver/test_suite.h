// `inkoc test`, compatible with Inko 0.8's `inko test`: every
// DIR/test/**/test_*.inko module is imported by one generated main module
// (each registers its groups with std::test when it loads), which then calls
// `test.run`; the program exits non-zero when a test failed.
#pragma once

#include "driver/compile.h"

#include <string>

namespace inko::driver {

// The generated main module for the tests under `directory`; its modules
// are named test::...::test_x relative to `directory`. Empty when there are
// none.
std::string test_main_module(const std::string& directory);

// Builds and runs the tests under `directory`; `options` gives everything
// but the input.
int run_tests(const std::string& directory, CompileOptions options);

} // namespace inko::driver
