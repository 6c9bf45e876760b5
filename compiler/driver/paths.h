// Where the compiler finds its standard library and runtimes: relative to
// its own executable, in the build tree and after `cmake --install` alike
// (bin/inkoc, share/inko/stdlib/, lib/inko/runtime/<target>/).
#pragma once

#include <string>

namespace inko::driver {

std::string executable_directory();
std::string stdlib_directory();
std::string runtime_directory(const std::string& target_name);

} // namespace inko::driver
