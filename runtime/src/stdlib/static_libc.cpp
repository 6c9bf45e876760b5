// See static_libc.h.
#include "stdlib/static_libc.h"

#include <cctype>
#include <cerrno>
#include <clocale>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <pthread.h>
#include <strings.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

namespace inko::stdlib {
namespace {

struct OwnFunction {
  std::string_view name;
  void* address;
};

template <typename Function> void* address_of(Function* function) {
  return reinterpret_cast<void*>(function);
}

// First the C library functions whose results depend on state inside the
// C library: its heap, environment, errno, stdio buffers, random seed,
// locale, time zone and exit handlers. Then common stateless ones, which
// work from either copy, so that a static program still has them where no
// shared C library is installed (or under qemu without -L).
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
    {"localtime_r", address_of(&localtime_r)},
    {"gmtime", address_of(&gmtime)},
    {"gmtime_r", address_of(&gmtime_r)},
    {"timegm", address_of(&timegm)},
    {"mktime", address_of(&mktime)},
    {"exit", address_of(&exit)},
    {"atexit", address_of(&atexit)},
    {"signal", address_of(&signal)},
    // Stateless (the casts pick C's signature among C++'s overloads).
    {"abs", address_of<int(int)>(&abs)},
    {"labs", address_of<long(long)>(&labs)},
    {"atoi", address_of(&atoi)},
    {"atol", address_of(&atol)},
    {"strtol", address_of(&strtol)},
    {"strtoul", address_of(&strtoul)},
    {"strtoll", address_of(&strtoll)},
    {"strtoull", address_of(&strtoull)},
    {"strtod", address_of(&strtod)},
    {"strlen", address_of(&strlen)},
    {"strcmp", address_of(&strcmp)},
    {"strncmp", address_of(&strncmp)},
    {"strcpy", address_of(&strcpy)},
    {"strncpy", address_of(&strncpy)},
    {"strcat", address_of(&strcat)},
    {"memcpy", address_of(&memcpy)},
    {"memmove", address_of(&memmove)},
    {"memset", address_of(&memset)},
    {"memcmp", address_of(&memcmp)},
    {"toupper", address_of(&toupper)},
    {"tolower", address_of(&tolower)},
    {"open", address_of(&open)},
    {"creat", address_of(&creat)},
    {"close", address_of(&close)},
    {"dup2", address_of(&dup2)},
    {"pipe", address_of(&pipe)},
    {"access", address_of(&access)},
    {"chmod", address_of(&chmod)},
    {"symlink", address_of(&symlink)},
    {"read", address_of(&read)},
    {"write", address_of(&write)},
    {"unlink", address_of(&unlink)},
    {"mkdir", address_of(&mkdir)},
    {"rmdir", address_of(&rmdir)},
    {"getcwd", address_of(&getcwd)},
    {"chdir", address_of(&chdir)},
    {"isatty", address_of(&isatty)},
    {"getpid", address_of(&getpid)},
    {"getppid", address_of(&getppid)},
    {"getuid", address_of(&getuid)},
    {"pthread_self", address_of(&pthread_self)},
    {"ffsll", address_of(&ffsll)},
    {"time", address_of(&time)},
    {"sleep", address_of(&sleep)},
    {"usleep", address_of(&usleep)},
    {"sqrt", address_of<double(double)>(&sqrt)},
    {"pow", address_of<double(double, double)>(&pow)},
    {"floor", address_of<double(double)>(&floor)},
    {"ceil", address_of<double(double)>(&ceil)},
    {"round", address_of<double(double)>(&round)},
    {"fabs", address_of<double(double)>(&fabs)},
    {"fmod", address_of<double(double, double)>(&fmod)},
    {"exp", address_of<double(double)>(&exp)},
    {"log", address_of<double(double)>(&log)},
    {"log10", address_of<double(double)>(&log10)},
    {"sin", address_of<double(double)>(&sin)},
    {"cos", address_of<double(double)>(&cos)},
    {"tan", address_of<double(double)>(&tan)},
    {"atan2", address_of<double(double, double)>(&atan2)},
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
