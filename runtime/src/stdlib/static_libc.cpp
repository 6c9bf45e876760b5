// See static_libc.h.
#include "stdlib/static_libc.h"

#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <elf.h>
#include <link.h>
#include <malloc.h>
#include <sys/auxv.h>

namespace inko::stdlib {
namespace {

struct OwnFunction {
  std::string_view name;
  void* address;
};

template <typename Function> void* address_of(Function* function) {
  return reinterpret_cast<void*>(function);
}

// The C library functions whose results depend on state inside the C
// library: its heap, environment, errno, stdio buffers, random seed, locale,
// time zone and exit handlers. Stateless ones (strlen, sqrt, write) work
// from either copy and are not listed.
const OwnFunction own_functions[] = {
    {"malloc", address_of(&malloc)},
    {"calloc", address_of(&calloc)},
    {"realloc", address_of(&realloc)},
    {"free", address_of(&free)},
    {"posix_memalign", address_of(&posix_memalign)},
    {"aligned_alloc", address_of(&aligned_alloc)},
    {"memalign", address_of(&memalign)},
    {"strdup", address_of(&strdup)},
    {"strndup", address_of(&strndup)},
    {"getenv", address_of(&getenv)},
    {"secure_getenv", address_of(&secure_getenv)},
    {"setenv", address_of(&setenv)},
    {"unsetenv", address_of(&unsetenv)},
    {"putenv", address_of(&putenv)},
    {"clearenv", address_of(&clearenv)},
    {"__errno_location", address_of(&__errno_location)},
    {"strerror", address_of(&strerror)},
    {"perror", address_of(&perror)},
    {"puts", address_of(&puts)},
    {"putchar", address_of(&putchar)},
    {"getchar", address_of(&getchar)},
    {"fopen", address_of(&fopen)},
    {"fclose", address_of(&fclose)},
    {"fflush", address_of(&fflush)},
    {"fputs", address_of(&fputs)},
    {"fputc", address_of(&fputc)},
    {"fgets", address_of(&fgets)},
    {"fgetc", address_of(&fgetc)},
    {"fread", address_of(&fread)},
    {"fwrite", address_of(&fwrite)},
    {"rand", address_of(&rand)},
    {"srand", address_of(&srand)},
    {"random", address_of(&random)},
    {"srandom", address_of(&srandom)},
    {"strtok", address_of(&strtok)},
    {"setlocale", address_of(&setlocale)},
    {"tzset", address_of(&tzset)},
    {"localtime", address_of(&localtime)},
    {"gmtime", address_of(&gmtime)},
    {"mktime", address_of(&mktime)},
    {"exit", address_of(&exit)},
    {"atexit", address_of(&atexit)},
    {"signal", address_of(&signal)},
};

bool find_interpreter() {
  auto* headers = reinterpret_cast<const ElfW(Phdr)*>(getauxval(AT_PHDR));
  unsigned long count = getauxval(AT_PHNUM);
  for (unsigned long i = 0; headers != nullptr && i < count; ++i) {
    if (headers[i].p_type == PT_INTERP)
      return true;
  }
  return false;
}

} // namespace

bool is_static_executable() {
  static const bool is_static = !find_interpreter();
  return is_static;
}

bool is_c_library_name(std::string_view library) {
  std::string_view name = library.substr(library.rfind('/') + 1);
  for (std::string_view base : {"libc.so", "libm.so", "libpthread.so", "libdl.so", "librt.so"}) {
    if (name.starts_with(base) && (name.size() == base.size() || name[base.size()] == '.'))
      return true;
  }
  return false;
}

void* own_c_function(std::string_view name) {
  for (const OwnFunction& function : own_functions) {
    if (function.name == name)
      return function.address;
  }
  return nullptr;
}

} // namespace inko::stdlib
