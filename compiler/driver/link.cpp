#include "driver/link.h"

#include "driver/paths.h"
#include "driver/process.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace inko::driver {
namespace {

namespace fs = std::filesystem;

bool is_host(const codegen::Target& target) {
  return &target == &codegen::host_target();
}

std::string tool(const codegen::Target& target, const std::string& name) {
  return is_host(target) ? name : target.name + "-" + name;
}

std::vector<std::string> runtime_link_flags(const codegen::Target& target, bool link_static) {
  std::ifstream file(fs::path(runtime_directory(target.name)) / "link-flags.txt");
  std::vector<std::string> flags;
  std::string flag;
  while (file >> flag) {
    flags.push_back(flag);
    // The static libunwind reads compressed debug info with liblzma; the
    // shared one records that dependency itself.
    if (link_static && flag == "-lunwind")
      flags.push_back("-llzma");
  }
  return flags;
}

bool run_tool(const std::vector<std::string>& argv, const std::string& what, std::string& error) {
  int status = run_program(argv);
  if (status == 0)
    return true;
  error = status < 0 ? "could not run the " + what + " " + argv[0] +
                           ", which is not installed or not on PATH; install a C toolchain "
                           "(binutils and gcc or clang; for another target, its cross "
                           "toolchain) and try again"
                     : "the " + what + " " + argv[0] + " failed with exit status " +
                           std::to_string(status);
  return false;
}

} // namespace

bool link_executable(const LinkRequest& request, std::string& error) {
  const codegen::Target& target = *request.target;
  fs::path library = fs::path(runtime_directory(target.name)) / "libinkort.a";
  std::error_code code;
  if (!fs::exists(library, code)) {
    error = "the runtime for " + target.name + " is missing (expected " + library.string() +
            "); build or install inkoc with this target";
    return false;
  }
  // A stripped executable keeps the Inko code's debug info (line tables and
  // inlined calls) so that --release traces equal debug ones
  // (docs/panics.md); the runtime's own debug info is dropped before the
  // link so that the executable stays small.
  fs::path runtime_copy = request.output + ".runtime.a";
  if (request.strip) {
    if (!run_tool(
            {tool(target, "objcopy"), "--strip-debug", library.string(), runtime_copy.string()},
            "strip step", error))
      return false;
    library = runtime_copy;
  }
  std::vector<std::string> argv{tool(target, is_host(target) ? "cc" : "gcc"), "-o", request.output};
  if (request.link_static)
    argv.push_back("-static");
  argv.insert(argv.end(), request.objects.begin(), request.objects.end());
  argv.push_back(library.string());
  for (std::string& flag : runtime_link_flags(target, request.link_static))
    argv.push_back(std::move(flag));
  bool linked = run_tool(argv, "linker", error);
  if (!request.strip)
    return linked;
  fs::remove(runtime_copy, code);
  if (!linked)
    return false;
  std::vector<std::string> strip{tool(target, "objcopy"), "--strip-all"};
  for (const char* section : {".debug_info", ".debug_abbrev", ".debug_line", ".debug_line_str",
                              ".debug_str", ".debug_str_offsets", ".debug_addr", ".debug_rnglists"})
    strip.push_back(std::string("--keep-section=") + section);
  strip.push_back(request.output);
  return run_tool(strip, "strip step", error);
}

std::string runtime_identity(const codegen::Target& target) {
  fs::path directory = runtime_directory(target.name);
  std::error_code code;
  auto size = fs::file_size(directory / "libinkort.a", code);
  auto time = fs::last_write_time(directory / "libinkort.a", code);
  std::ifstream flags(directory / "link-flags.txt");
  std::string text((std::istreambuf_iterator<char>(flags)), std::istreambuf_iterator<char>());
  return std::to_string(size) + ":" + std::to_string(time.time_since_epoch().count()) + ":" + text;
}

} // namespace inko::driver
