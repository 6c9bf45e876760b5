// Thin wrappers over the TSan and ASan fiber interfaces, compiled to nothing
// in builds without sanitizers. Only context.cpp and the stack pool use them.
#pragma once

#include "context/context.h"

#include <cstddef>

#if defined(__SANITIZE_THREAD__)
#define INKO_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define INKO_TSAN 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define INKO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INKO_ASAN 1
#endif
#endif

#ifdef INKO_TSAN
#include <sanitizer/tsan_interface.h>
#endif
#ifdef INKO_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace inko {

inline void* tsan_create_fiber() {
#ifdef INKO_TSAN
  return __tsan_create_fiber(0);
#else
  return nullptr;
#endif
}

inline void* tsan_current_fiber() {
#ifdef INKO_TSAN
  return __tsan_get_current_fiber();
#else
  return nullptr;
#endif
}

inline void tsan_switch_to([[maybe_unused]] void* fiber) {
#ifdef INKO_TSAN
  __tsan_switch_to_fiber(fiber, 0);
#endif
}

inline void tsan_destroy_fiber([[maybe_unused]] void* fiber) {
#ifdef INKO_TSAN
  if (fiber != nullptr)
    __tsan_destroy_fiber(fiber);
#endif
}

inline void asan_start_switch([[maybe_unused]] void** fake_stack, [[maybe_unused]] Stack to) {
#ifdef INKO_ASAN
  __sanitizer_start_switch_fiber(fake_stack, to.low, to.size);
#endif
}

inline void asan_finish_switch([[maybe_unused]] void* fake_stack) {
#ifdef INKO_ASAN
  const void* old_bottom = nullptr;
  std::size_t old_size = 0;
  __sanitizer_finish_switch_fiber(fake_stack, &old_bottom, &old_size);
#endif
}

// A reused stack must not keep the poison of frames that died on it.
inline void asan_forget_stack([[maybe_unused]] Stack stack) {
#ifdef INKO_ASAN
  __asan_unpoison_memory_region(stack.low, stack.size);
#endif
}

} // namespace inko
