// std::vm intrinsics: ending the program and the global panic handler.
#include "builtins/index.h"
#include "builtins/integer_value.h"
#include "process/block_argument.h"
#include "stdlib/support.h"

#include <cstdlib>

namespace {

using BlockFunction = InkoResult (*)(InkoProcess*, InkoValue, InkoValue);

// What the global handler needs of its lambda (`vm.panicking`). A lambda
// captures nothing and its self is a module (permanent), so each panicking
// process builds its own block from these two words.
struct GlobalHandler {
  void* function;
  InkoValue self;
};

void run_global_handler(InkoProcess* process, void* environment, const char* message,
                        uint64_t size) {
  auto* handler = static_cast<GlobalHandler*>(environment);
  InkoValue block = inko_block_new(process, handler->function, handler->self, 0, 0);
  InkoValue text = inko::string_value(process, std::string_view(message, size));
  InkoResult result = reinterpret_cast<BlockFunction>(handler->function)(process, block, text);
  // P16/P15.5: a value the handler throws and nothing catches is a panic
  // inside the handler, which goes to the default handler.
  if (result.status == INKO_STATUS_THROW)
    inko_process_unhandled_unwind(process, result.value, result.status);
}

// P18: the status is a 32-bit signed value. Every Integer, boxed or big
// too, keeps its low 32 bits (two's complement), as small ones always did
// (docs/panics.md "Exit statuses").
int64_t exit_status(InkoProcess* process, InkoValue status) {
  inko::require_integer(process, status, "exit status");
  if (inko::is_small(status))
    return static_cast<int32_t>(static_cast<uint32_t>(inko::small_of(status)));
  // bit_and follows two's complement, so the result is 0..2^32-1.
  inko::BigInt low = inko::bit_and(inko::big_of(status), inko::BigInt::from_uint64(0xFFFFFFFF));
  uint64_t bits = low.limbs.empty() ? 0 : low.limbs[0];
  return static_cast<int32_t>(static_cast<uint32_t>(bits));
}

} // namespace

extern "C" {

InkoValue inko_intrinsic_vm_exit(InkoProcess* process, InkoValue status) {
  int64_t code = exit_status(process, status);
  // P13: vm.exit runs the calling process's pending deferred blocks first.
  inko_defer_run_all(process);
  inko_vm_exit(process, code);
}

InkoValue inko_intrinsic_vm_set_panic_handler(InkoProcess* process, InkoValue block) {
  inko::require_block(process, block);
  auto* object = inko::as<InkoBlock>(block);
  if (!inko::lambda_like(block))
    inko_process_panic_bytes(process, "The panic handler can not capture variables", 43);
  // Handlers live until the program ends: a replaced one is never freed,
  // because another thread may be running it.
  auto* handler = static_cast<GlobalHandler*>(std::malloc(sizeof(GlobalHandler)));
  if (handler == nullptr)
    inko_process_panic_bytes(process, "Out of memory", 13);
  handler->function = object->function;
  handler->self = object->self;
  inko_set_global_panic_handler(run_global_handler, handler);
  return inko::nil_value();
}

} // extern "C"
