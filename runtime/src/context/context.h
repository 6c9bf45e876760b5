// Execution contexts: a saved stack pointer per stack, and the one primitive
// that moves the running thread from one stack to another.
//
// A Context is touched only by the thread currently running on it or by the
// thread that switches to it; handing a suspended context to another thread
// requires a happens-before edge (the scheduler's run queues provide it).
// The sanitizer fiber APIs (TSan, ASan) are driven from here so that no
// other file needs to know about them.
//
// No C++ exception may be in flight (being thrown or caught) across a
// switch: the runtime is compiled without exceptions crossing process code,
// so libstdc++'s per-thread exception globals (__cxa_get_globals) are not
// saved per context. context_switch asserts this in debug builds.
#pragma once

#include <cstddef>

namespace inko {

// A memory range used as a stack; it grows down from `high()`.
struct Stack {
  char* low = nullptr;
  std::size_t size = 0;

  char* high() const { return low + size; }
  bool contains(const void* address) const {
    auto* a = static_cast<const char*>(address);
    return a >= low && a < high();
  }
};

struct Context {
  void* saved_sp = nullptr;
  // Run once on the context's own stack when it is first switched to.
  void (*entry)(void*) = nullptr;
  void* entry_argument = nullptr;
  Stack stack;
  void* tsan_fiber = nullptr;
  void* asan_fake_stack = nullptr;
};

// Makes `context` start `entry(argument)` on `stack` when first switched to.
// `entry` must never return; it leaves the stack with context_switch_final.
void context_prepare(Context& context, Stack stack, void (*entry)(void*), void* argument);

// Turns the calling OS thread's own stack into a context that others can
// switch back to.
void context_adopt_thread(Context& context);

// Saves the running state in `from` and resumes `to`. Returns when another
// context switches back to `from`.
void context_switch(Context& from, Context& to);

// Like context_switch, for a context that will never be resumed again
// (its stack may be reused once `to` runs).
[[noreturn]] void context_switch_final(Context& from, Context& to);

// Releases sanitizer state of a context that is no longer used. Must not be
// called for the running context.
void context_release(Context& context);

} // namespace inko
