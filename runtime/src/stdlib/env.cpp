// std::env intrinsics: environment variables, directories and the program's
// arguments. Variables are process-wide (shared by all Inko processes).
#include "stdlib/support.h"

#include <climits>
#include <cstdlib>
#include <mutex>
#include <pwd.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

constexpr std::string_view kVariableName = "environment variable name";

// getenv/setenv are not thread-safe against each other.
std::mutex environment_mutex;

} // namespace

using namespace inko;
using namespace inko::stdlib;

extern "C" {

InkoValue inko_intrinsic_env_get(InkoProcess* process, InkoValue name) {
  // Checked before locking: a panic skips destructors, so the lock would
  // never be released.
  std::string name_text = c_string(process, name, kVariableName);
  std::string value;
  {
    std::lock_guard lock(environment_mutex);
    const char* found = std::getenv(name_text.c_str());
    if (found == nullptr)
      return nil_value();
    value = found;
  }
  return string(process, value);
}

InkoValue inko_intrinsic_env_set(InkoProcess* process, InkoValue name, InkoValue value) {
  std::string name_text = c_string(process, name, kVariableName);
  std::string value_text = c_string(process, value, "environment variable value");
  std::lock_guard lock(environment_mutex);
  ::setenv(name_text.c_str(), value_text.c_str(), 1);
  return value;
}

InkoValue inko_intrinsic_env_remove(InkoProcess* process, InkoValue name) {
  std::string name_text = c_string(process, name, kVariableName);
  std::lock_guard lock(environment_mutex);
  ::unsetenv(name_text.c_str());
  return nil_value();
}

InkoValue inko_intrinsic_env_variables(InkoProcess* process) {
  std::vector<std::string> names;
  {
    std::lock_guard lock(environment_mutex);
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
      std::string_view text(*entry);
      std::size_t equals = text.find('=');
      if (equals != std::string_view::npos && equals > 0)
        names.emplace_back(text.substr(0, equals));
    }
  }
  InkoArray* array = array_new(process, names.size());
  for (const std::string& name : names)
    array_push(process, array, string(process, name));
  return value_of(array);
}

InkoValue inko_intrinsic_env_home_directory(InkoProcess* process) {
  std::string home;
  {
    std::lock_guard lock(environment_mutex);
    const char* found = std::getenv("HOME");
    if (found != nullptr)
      home = found;
  }
  if (home.empty()) {
    struct passwd entry;
    struct passwd* result = nullptr;
    char buffer[4096];
    if (::getpwuid_r(::getuid(), &entry, buffer, sizeof(buffer), &result) == 0 &&
        result != nullptr && result->pw_dir != nullptr)
      home = result->pw_dir;
  }
  if (home.empty())
    return nil_value();
  return string(process, home);
}

InkoValue inko_intrinsic_env_temporary_directory(InkoProcess* process) {
  std::string directory = "/tmp";
  {
    std::lock_guard lock(environment_mutex);
    const char* found = std::getenv("TMPDIR");
    if (found != nullptr && *found != '\0')
      directory = found;
  }
  return string(process, directory);
}

InkoValue inko_intrinsic_env_get_working_directory(InkoProcess* process, InkoValue errors) {
  char buffer[PATH_MAX];
  if (::getcwd(buffer, sizeof(buffer)) == nullptr)
    return fail(process, errors, errno);
  return string(process, buffer);
}

InkoValue inko_intrinsic_env_set_working_directory(InkoProcess* process, InkoValue directory,
                                                   InkoValue errors) {
  if (::chdir(c_string(process, directory, "working directory").c_str()) != 0)
    return fail(process, errors, errno);
  return directory;
}

InkoValue inko_intrinsic_env_arguments(InkoProcess* process) {
  int64_t count = inko_argument_count();
  InkoArray* array = array_new(process, static_cast<uint64_t>(count));
  for (int64_t i = 0; i < count; ++i)
    array_push(process, array, string(process, inko_argument(i)));
  return value_of(array);
}

} // extern "C"
