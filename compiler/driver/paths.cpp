#include "driver/paths.h"

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace inko::driver {

namespace fs = std::filesystem;

std::string executable_directory() {
  std::error_code code;
  fs::path self = fs::read_symlink("/proc/self/exe", code);
  if (code)
    return ".";
  return self.parent_path().string();
}

std::string stdlib_directory() {
  return (fs::path(executable_directory()) / ".." / "share" / "inko" / "stdlib")
      .lexically_normal()
      .string();
}

std::string runtime_directory(const std::string& target_name) {
  return (fs::path(executable_directory()) / ".." / "lib" / "inko" / "runtime" / target_name)
      .lexically_normal()
      .string();
}

std::string cache_directory() {
  if (const char* own = std::getenv("INKOC_CACHE_DIR"); own != nullptr && *own != '\0')
    return own;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/')
    return (fs::path(xdg) / "inkoc").string();
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
    return (fs::path(home) / ".cache" / "inkoc").string();
  return (fs::temp_directory_path() / ("inkoc-cache-" + std::to_string(getuid()))).string();
}

} // namespace inko::driver
