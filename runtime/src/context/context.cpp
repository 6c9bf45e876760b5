// Preparing new stacks for inko_context_switch (context_<arch>.S) and
// wrapping the switch with the sanitizers' fiber bookkeeping.
//
// Invariants: a prepared stack holds exactly the frame the assembly restores,
// with the return address pointing at inko_context_trampoline and the entry
// function in the registers the trampoline reads; the stack pointer after the
// frame is popped is 16-byte aligned, as both ABIs require at a call.
#include "context/context.h"

#include "context/sanitizers.h"

#include <cassert>
#include <cstdint>
#include <cstring>
#include <cxxabi.h>
#include <pthread.h>

extern "C" {
void inko_context_switch(void** save_sp, void* load_sp);
void inko_context_trampoline();
}

namespace inko {
namespace {

// Runs first on every new stack (called by the trampoline).
[[noreturn]] void context_start(Context* context) {
  asan_finish_switch(nullptr);
  context->entry(context->entry_argument);
  __builtin_trap(); // entry functions leave with context_switch_final
}

void* prepare_frame(char* top, Context* context) {
  auto* sp = reinterpret_cast<std::uint64_t*>(reinterpret_cast<std::uintptr_t>(top) & ~15ull);
#if defined(__x86_64__)
  // mxcsr|fcw, r15, r14, r13, r12, rbx, rbp, return address
  sp -= 8;
  std::memset(sp, 0, 8 * sizeof(std::uint64_t));
  sp[0] = 0x1f80ull | (0x037full << 32);                   // default MXCSR, x87 control word
  sp[3] = reinterpret_cast<std::uint64_t>(context);        // r13: argument
  sp[4] = reinterpret_cast<std::uint64_t>(&context_start); // r12: function
  sp[7] = reinterpret_cast<std::uint64_t>(&inko_context_trampoline);
#elif defined(__aarch64__)
  sp -= 22;
  std::memset(sp, 0, 22 * sizeof(std::uint64_t));
  sp[0] = reinterpret_cast<std::uint64_t>(&context_start);            // x19: function
  sp[1] = reinterpret_cast<std::uint64_t>(context);                   // x20: argument
  sp[11] = reinterpret_cast<std::uint64_t>(&inko_context_trampoline); // x30
#else
#error "unsupported architecture"
#endif
  return sp;
}

void check_no_exception_in_flight() {
#ifndef NDEBUG
  // Exceptions being caught are tracked per thread, not per context.
  assert(abi::__cxa_get_globals() == nullptr ||
         *reinterpret_cast<void**>(abi::__cxa_get_globals()) == nullptr);
#endif
}

} // namespace

void context_prepare(Context& context, Stack stack, void (*entry)(void*), void* argument) {
  context.entry = entry;
  context.entry_argument = argument;
  context.stack = stack;
  context.saved_sp = prepare_frame(stack.high(), &context);
  context.tsan_fiber = tsan_create_fiber();
}

void context_adopt_thread(Context& context) {
  context.tsan_fiber = tsan_current_fiber();
  pthread_attr_t attributes;
  if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
    void* low = nullptr;
    std::size_t size = 0;
    pthread_attr_getstack(&attributes, &low, &size);
    context.stack = Stack{static_cast<char*>(low), size};
    pthread_attr_destroy(&attributes);
  }
}

void context_switch(Context& from, Context& to) {
  check_no_exception_in_flight();
  asan_start_switch(&from.asan_fake_stack, to.stack);
  tsan_switch_to(to.tsan_fiber);
  inko_context_switch(&from.saved_sp, to.saved_sp);
  asan_finish_switch(from.asan_fake_stack);
}

void context_switch_final(Context& from, Context& to) {
  asan_start_switch(nullptr, to.stack);
  tsan_switch_to(to.tsan_fiber);
  inko_context_switch(&from.saved_sp, to.saved_sp);
  __builtin_trap();
}

void context_release(Context& context) {
  tsan_destroy_fiber(context.tsan_fiber);
  context.tsan_fiber = nullptr;
}

} // namespace inko
