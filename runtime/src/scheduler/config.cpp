// Reading Config from environment variables; invalid, negative or zero
// values keep the defaults, and values above a sane maximum are clamped to
// it (a typo must not make the runtime ask for 10^11 threads).
#include "scheduler/config.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <thread>

namespace inko {
namespace {

constexpr std::size_t max_threads = 1024;
constexpr std::size_t max_count = std::size_t{1} << 40;
constexpr std::size_t min_stack_size = 64 * 1024;

std::size_t positive_setting(const char* name, std::size_t fallback,
                             std::size_t maximum = max_count) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text < '0' || *text > '9')
    return fallback;
  char* end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (*end != '\0' || value == 0)
    return fallback;
  if (errno == ERANGE || value > maximum)
    return maximum;
  return static_cast<std::size_t>(value);
}

} // namespace

Config Config::from_environment() {
  Config config;
  std::size_t cores = std::thread::hardware_concurrency();
  if (cores == 0)
    cores = 1;
  config.primary_threads = positive_setting("INKO_PRIMARY_THREADS", cores, max_threads);
  config.blocking_threads = positive_setting("INKO_BLOCKING_THREADS", cores, max_threads);
  config.blocking_threads_max =
      positive_setting("INKO_BLOCKING_THREADS_MAX", config.blocking_threads_max, max_threads);
  if (config.blocking_threads_max < config.blocking_threads)
    config.blocking_threads_max = config.blocking_threads;
  config.reductions = static_cast<std::int64_t>(
      positive_setting("INKO_REDUCTIONS", static_cast<std::size_t>(config.reductions)));
  config.time_slice_ns = positive_setting("INKO_TIME_SLICE_US",
                                          static_cast<std::size_t>(config.time_slice_ns / 1000)) *
                         1000;
  // Below 64 KiB a process could not even run its panic handler.
  config.stack_size = std::max(
      positive_setting("INKO_STACK_SIZE", config.stack_size, std::size_t{1} << 30), min_stack_size);
  return config;
}

} // namespace inko
