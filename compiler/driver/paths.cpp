#include "driver/paths.h"

#include <filesystem>

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

} // namespace inko::driver
