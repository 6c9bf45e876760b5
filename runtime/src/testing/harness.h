// Test helpers: running C++ code as the main process of a fresh runtime, and
// the check generated code performs at method entry (abi.h), so tests can
// behave like compiled Inko code.
#pragma once

#include "context/sanitizers.h"
#include "inko/abi.h"
#include "scheduler/config.h"
#include "scheduler/runtime.h"

#include <atomic>
#include <cstdint>
#include <functional>

namespace inko::testing {

// ThreadSanitizer gives every process (fiber) a thread slot and has at most
// 8128, so tests that keep many processes alive at once shrink under it.
inline std::int64_t live_process_limit(std::int64_t wanted) {
#ifdef INKO_TSAN
  return wanted < 4000 ? wanted : 4000;
#else
  return wanted;
#endif
}

// ThreadSanitizer keeps its own call stack per thread or fiber, of 65,536
// frames; a deeper recursion crashes it, so deep recursion tests shrink.
inline std::uint64_t recursion_limit(std::uint64_t wanted) {
#ifdef INKO_TSAN
  return wanted < 50000 ? wanted : 50000;
#else
  return wanted;
#endif
}

inline Config test_config(std::size_t primary_threads = 2) {
  Config config;
  config.primary_threads = primary_threads;
  config.blocking_threads = 2;
  config.exit_program = false;
  return config;
}

// Runs `body` in the main process of a new runtime; returns the exit status.
inline int run_main(const Config& config, std::function<void(InkoProcess*)> body) {
  Runtime runtime(config);
  return runtime.run_main(
      [](InkoProcess* process, InkoValue argument) {
        (*reinterpret_cast<std::function<void(InkoProcess*)>*>(argument))(process);
      },
      reinterpret_cast<InkoValue>(&body));
}

// What generated code does at every method entry.
[[gnu::always_inline]] inline void entry_check(InkoProcess* process) {
  char marker;
  auto* hot = reinterpret_cast<InkoProcessHot*>(process);
  std::uintptr_t limit =
      std::atomic_ref<std::uintptr_t>(hot->stack_limit).load(std::memory_order_relaxed);
  if (reinterpret_cast<std::uintptr_t>(&marker) < limit || --hot->reductions < 0)
    inko_process_poll(process);
}

// What generated code does at every method entry since stacks grow
// (abi.h): true when the caller must call itself again through
// call_on_new_segment with the same arguments.
[[gnu::always_inline]] inline bool entry_check_grows(InkoProcess* process, void* function,
                                                     std::uint64_t argument_count) {
  char marker;
  auto* hot = reinterpret_cast<InkoProcessHot*>(process);
  std::uintptr_t limit =
      std::atomic_ref<std::uintptr_t>(hot->stack_limit).load(std::memory_order_relaxed);
  if (reinterpret_cast<std::uintptr_t>(&marker) < limit || --hot->reductions < 0)
    return inko_process_poll_entry(process, function, argument_count) != nullptr;
  return false;
}

// Calls `function` on the segment inko_process_poll_entry prepared. Its
// arguments and result must be integer-class words (as Inko's are).
template <typename Result, typename... Arguments>
Result call_on_new_segment(Result (*)(InkoProcess*, Arguments...), InkoProcess* process,
                           Arguments... arguments) {
  auto trampoline = reinterpret_cast<Result (*)(InkoProcess*, Arguments...)>(&inko_stack_grow_call);
  Result result = trampoline(process, arguments...);
  asm volatile("" : "+r"(result)); // not a tail call: stack walks expect the caller's frame
  return result;
}

inline InkoValue integer(std::int64_t value) {
  return (static_cast<InkoValue>(value) << 1) | 1;
}
inline std::int64_t integer_of(InkoValue value) {
  return static_cast<std::int64_t>(value) >> 1;
}

template <typename T> InkoValue pointer_value(T* pointer) {
  return reinterpret_cast<InkoValue>(pointer);
}
template <typename T> T* value_pointer(InkoValue value) {
  return reinterpret_cast<T*>(value);
}

} // namespace inko::testing
