// std::os and std::random intrinsics: the platform name and random numbers.
#include "builtins/integer_value.h"
#include "stdlib/support.h"

#include <atomic>
#include <random>

namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

} // namespace

extern "C" {

InkoValue inko_intrinsic_os_platform(InkoProcess* process) {
#if defined(__linux__)
  return inko::stdlib::string(process, "linux");
#elif defined(__APPLE__)
  return inko::stdlib::string(process, "macos");
#elif defined(__FreeBSD__)
  return inko::stdlib::string(process, "freebsd");
#else
  return inko::stdlib::string(process, "unix");
#endif
}

// A random non-negative Integer below 2^62 (small), for seeding hashers.
InkoValue inko_intrinsic_random_incremental_integer(InkoProcess*) {
  return inko::small_value(static_cast<int64_t>(generator()() >> 2));
}

// A uniformly random signed 64-bit Integer (std::random.integer); half of
// them lie outside the small range and are big integers.
InkoValue inko_intrinsic_random_integer(InkoProcess* process) {
  return inko::integer_value(process, static_cast<int64_t>(generator()()));
}

// A random Float in [0.0, 1.0).
InkoValue inko_intrinsic_random_float(InkoProcess* process) {
  std::uniform_real_distribution<double> distribution(0.0, 1.0);
  return inko::stdlib::float_value(process, distribution(generator()));
}

} // extern "C"
