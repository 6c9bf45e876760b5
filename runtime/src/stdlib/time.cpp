// std::time intrinsics: the monotonic and the system clock, and the local
// time zone's offset from UTC.
#include "stdlib/support.h"

#include <ctime>

namespace {

double seconds_of(clockid_t clock) {
  struct timespec now;
  ::clock_gettime(clock, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

} // namespace

extern "C" {

// Seconds since an unspecified fixed point (std::time::Instant).
InkoValue inko_intrinsic_time_monotonic(InkoProcess* process) {
  return inko::stdlib::float_value(process, seconds_of(CLOCK_MONOTONIC));
}

// Seconds since the Unix epoch (std::time::SystemTime).
InkoValue inko_intrinsic_time_system(InkoProcess* process) {
  return inko::stdlib::float_value(process, seconds_of(CLOCK_REALTIME));
}

// The local time zone's offset from UTC in seconds, east positive, now.
InkoValue inko_intrinsic_time_system_offset(InkoProcess*) {
  std::time_t now = std::time(nullptr);
  struct tm local;
  if (::localtime_r(&now, &local) == nullptr)
    return inko::small_value(0);
  return inko::small_value(local.tm_gmtoff);
}

} // extern "C"
