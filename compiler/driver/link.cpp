#include "driver/link.h"

#include "driver/paths.h"

#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>

extern char** environ;

namespace inko::driver {

namespace fs = std::filesystem;

int run_program(const std::vector<std::string>& argv) {
  std::vector<char*> raw;
  for (const std::string& argument : argv)
    raw.push_back(const_cast<char*>(argument.c_str()));
  raw.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, raw[0], nullptr, nullptr, raw.data(), environ) != 0)
    return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return -1;
  }
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return -1;
}

bool link_executable(const LinkRequest& request, std::string& error) {
  fs::path runtime = runtime_directory(request.target->name);
  fs::path library = runtime / "libinkort.a";
  std::error_code code;
  if (!fs::exists(library, code)) {
    error = "the runtime for " + request.target->name + " is missing (expected " +
            library.string() + "); build or install inkoc with this target";
    return false;
  }
  std::vector<std::string> argv;
  argv.push_back(request.target == &codegen::host_target() ? std::string("cc")
                                                           : request.target->name + "-gcc");
  argv.push_back("-o");
  argv.push_back(request.output);
  for (const std::string& object : request.objects)
    argv.push_back(object);
  argv.push_back(library.string());
  // The libraries the runtime needs, as recorded when the runtime was built.
  std::ifstream flags_file(runtime / "link-flags.txt");
  std::string flag;
  while (flags_file >> flag)
    argv.push_back(flag);
  if (request.strip)
    argv.push_back("-s");
  int status = run_program(argv);
  if (status != 0) {
    error = status < 0
                ? "could not run the linker " + argv[0]
                : "the linker " + argv[0] + " failed with exit status " + std::to_string(status);
    return false;
  }
  return true;
}

} // namespace inko::driver
