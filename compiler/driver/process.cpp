#include "driver/process.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace inko::driver {

int run_program(const std::vector<std::string>& argv, int* killed_by) {
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
  if (WIFSIGNALED(status)) {
    if (killed_by != nullptr)
      *killed_by = WTERMSIG(status);
    return 128 + WTERMSIG(status);
  }
  return -1;
}

std::string describe_signal(int signal) {
  const char* name = sigabbrev_np(signal);
  std::string text = "killed by ";
  text += name != nullptr ? std::string("SIG") + name : "an unknown signal";
  text += " (signal " + std::to_string(signal);
  if (signal == SIGKILL)
    text += "; often the kernel's out-of-memory killer";
  return text + ")";
}

namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream directories(path != nullptr ? path : "");
  for (std::string directory; std::getline(directories, directory, ':');) {
    std::string candidate = (directory.empty() ? "." : directory) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0)
      return true;
  }
  return false;
}

} // namespace

bool emulator_for(const std::string& triple, bool is_host, std::vector<std::string>& prefix,
                  std::string& error) {
  prefix.clear();
  if (is_host)
    return true;
  std::string emulator = "qemu-" + triple.substr(0, triple.find('-'));
  if (!on_path(emulator)) {
    error = "running a program built for " + triple + " needs " + emulator +
            ", which is not installed; build it with 'inkoc build --target " + triple +
            "' and run it on such a machine";
    return false;
  }
  prefix.push_back(emulator);
  std::error_code code;
  if (std::string sysroot = "/usr/" + triple; std::filesystem::is_directory(sysroot, code)) {
    prefix.push_back("-L");
    prefix.push_back(sysroot);
  }
  return true;
}

} // namespace inko::driver
