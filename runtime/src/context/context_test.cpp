// Unit tests of the context switch: new stacks run their entry function,
// values survive round trips, and callee-saved state is preserved.
#include "context/context.h"
#include "stack/stack_pool.h"

#include <cfenv>
#include <cstdint>
#include <doctest/doctest.h>

namespace inko {
namespace {

struct PingPong {
  Context main;
  Context coroutine;
  int counter = 0;
  const char* stack_address = nullptr;
};

void count_up(void* argument) {
  auto* state = static_cast<PingPong*>(argument);
  char local;
  state->stack_address = &local;
  for (;;) {
    state->counter += 1;
    context_switch(state->coroutine, state->main);
  }
}

TEST_CASE("context switch runs the entry on the new stack and comes back") {
  StackPool pool(64 * 1024);
  Stack stack = pool.acquire();
  PingPong state;
  context_adopt_thread(state.main);
  context_prepare(state.coroutine, stack, &count_up, &state);
  for (int i = 1; i <= 100; ++i) {
    context_switch(state.main, state.coroutine);
    CHECK(state.counter == i);
  }
  CHECK(stack.contains(state.stack_address));
  context_release(state.coroutine);
  pool.release(stack);
}

// Values held in registers across a switch must survive it; with many live
// values the compiler has to keep some in callee-saved registers.
struct Churn {
  Context main;
  Context other;
};

// Fills the callee-saved registers with garbage, then switches away while
// the garbage is still in them.
[[gnu::noinline]] void clobber_registers(Churn* state) {
#if defined(__x86_64__)
  asm volatile("movq $-1, %%rbx\n\tmovq $-1, %%r12\n\tmovq $-1, %%r13\n\t"
               "movq $-1, %%r14\n\tmovq $-1, %%r15" ::
                   : "rbx", "r12", "r13", "r14", "r15", "memory");
#elif defined(__aarch64__)
  asm volatile("mov x19, #-1\n\tmov x20, #-1\n\tmov x21, #-1\n\tmov x22, #-1\n\t"
               "mov x23, #-1\n\tmov x24, #-1\n\tmov x25, #-1\n\tmov x26, #-1\n\t"
               "mov x27, #-1\n\tmov x28, #-1\n\tfmov d8, xzr\n\tfmov d9, xzr\n\t"
               "fmov d10, xzr\n\tfmov d11, xzr\n\tfmov d12, xzr\n\tfmov d13, xzr\n\t"
               "fmov d14, xzr\n\tfmov d15, xzr" ::
                   : "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "d8",
                     "d9", "d10", "d11", "d12", "d13", "d14", "d15", "memory");
#endif
  context_switch(state->other, state->main);
}

void churn(void* argument) {
  auto* state = static_cast<Churn*>(argument);
  for (;;) {
    std::uint64_t a = 0x1111, b = 0x2222, c = 0x3333, d = 0x4444, e = 0x5555, f = 0x6666;
    double x = 1.5, y = 2.5;
    clobber_registers(state);
    // Garbage in the caller's registers here would show up in main's values.
    a ^= b ^ c ^ d ^ e ^ f;
    x *= y;
    asm volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e), "+r"(f));
    context_switch(state->other, state->main);
  }
}

TEST_CASE("callee-saved registers survive switches in both directions") {
  StackPool pool(64 * 1024);
  Stack stack = pool.acquire();
  Churn state;
  context_adopt_thread(state.main);
  context_prepare(state.other, stack, &churn, &state);
  std::uint64_t a = 11, b = 22, c = 33, d = 44, e = 55, f = 66;
  double x = 0.25, y = 8.0;
  for (int i = 0; i < 10; ++i) {
    asm volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e), "+r"(f));
    context_switch(state.main, state.other);
    asm volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e), "+r"(f));
    CHECK(a + b + c + d + e + f == 231);
    CHECK(x * y == 2.0);
  }
  context_release(state.other);
  pool.release(stack);
}

void set_rounding_and_return(void* argument) {
  auto* state = static_cast<PingPong*>(argument);
  for (;;) {
    // A new context starts with the default rounding mode, then changes it;
    // the change must not leak into the other context.
    state->counter = std::fegetround() == FE_TONEAREST ? 1 : 0;
    std::fesetround(FE_UPWARD);
    context_switch(state->coroutine, state->main);
  }
}

TEST_CASE("floating-point control state belongs to the context") {
  StackPool pool(64 * 1024);
  Stack stack = pool.acquire();
  PingPong state;
  context_adopt_thread(state.main);
  context_prepare(state.coroutine, stack, &set_rounding_and_return, &state);
  std::fesetround(FE_TOWARDZERO);
  context_switch(state.main, state.coroutine);
  CHECK(state.counter == 1);
  CHECK(std::fegetround() == FE_TOWARDZERO);
  std::fesetround(FE_TONEAREST);
  context_release(state.coroutine);
  pool.release(stack);
}

} // namespace
} // namespace inko
