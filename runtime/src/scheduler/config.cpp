// Reading Config from environment variables; invalid or zero values keep
// the defaults.
#include "scheduler/config.h"

#include <cstdlib>
#include <thread>

namespace inko {
namespace {

std::size_t positive_setting(const char* name, std::size_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr)
    return fallback;
  char* end = nullptr;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || value == 0)
    return fallback;
  return static_cast<std::size_t>(value);
}

} // namespace

Config Config::from_environment() {
  Config config;
  std::size_t cores = std::thread::hardware_concurrency();
  if (cores == 0)
    cores = 1;
  config.primary_threads = positive_setting("INKO_PRIMARY_THREADS", cores);
  config.blocking_threads = positive_setting("INKO_BLOCKING_THREADS", cores);
  config.blocking_threads_max =
      positive_setting("INKO_BLOCKING_THREADS_MAX", config.blocking_threads_max);
  if (config.blocking_threads_max < config.blocking_threads)
    config.blocking_threads_max = config.blocking_threads;
  config.reductions = static_cast<std::int64_t>(
      positive_setting("INKO_REDUCTIONS", static_cast<std::size_t>(config.reductions)));
  config.time_slice_ns = positive_setting("INKO_TIME_SLICE_US",
                                          static_cast<std::size_t>(config.time_slice_ns / 1000)) *
                         1000;
  config.stack_size = positive_setting("INKO_STACK_SIZE", config.stack_size);
  return config;
}

} // namespace inko
