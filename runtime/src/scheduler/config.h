// Runtime settings, read once at start-up from the environment
// (INKO_PRIMARY_THREADS, INKO_BLOCKING_THREADS, INKO_BLOCKING_THREADS_MAX,
// INKO_REDUCTIONS, INKO_STACK_SIZE) or given directly by tests.
#pragma once

#include <cstddef>
#include <cstdint>

namespace inko {

struct Config {
  std::size_t primary_threads = 2;
  std::size_t blocking_threads = 2;
  // The blocking pool grows up to this many threads while all are stuck.
  std::size_t blocking_threads_max = 256;
  std::int64_t reductions = 1000;
  // Preemption (P20): a process that keeps its thread longer than this is
  // asked to yield at its next safepoint (INKO_TIME_SLICE_US).
  std::uint64_t time_slice_ns = 400000;
  // Stacks grow in segments (docs/stacks.md). A process starts on a small
  // first segment (densely packed, so many waiting processes share one
  // page-table page) and adds segments of `segment_size` while it recurses,
  // up to `stack_size` in all (INKO_STACK_SIZE): LANGUAGE L69 promises at
  // least 10,000 frames in every process, and a recursion through `each`
  // and a closure takes ~450 bytes per level at -O0.
  std::size_t stack_size = 64 * 1024 * 1024;
  std::size_t first_segment_size = 64 * 1024;
  std::size_t segment_size = 1024 * 1024;
  // The main process's first segment: a dedicated mapping with a guard page.
  std::size_t main_stack_size = 8 * 1024 * 1024;
  // true: the program ends with _exit when the main process finishes (an
  // executable); false: Runtime::run_main returns the status (tests).
  bool exit_program = true;

  static Config from_environment();
};

} // namespace inko
