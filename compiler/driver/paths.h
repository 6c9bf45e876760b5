// Where the compiler finds its standard library and runtimes: relative to
// its own executable, in the build tree and after `cmake --install` alike
// (bin/inkoc, share/inko/stdlib/, lib/inko/runtime/<target>/); and where
// it keeps its build cache.
#pragma once

#include <string>

namespace inko::driver {

std::string executable_directory();
std::string stdlib_directory();
std::string runtime_directory(const std::string& target_name);

// $INKOC_CACHE_DIR, else $XDG_CACHE_HOME/inkoc, else ~/.cache/inkoc.
std::string cache_directory();

} // namespace inko::driver
