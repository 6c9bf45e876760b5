// The runtime intrinsics behind std::process (stdlib/std/process.inko): a
// Process object's `@_process` slot holds a process reference, a small
// object of kind INKO_KIND_PROCESS that counts as one reference to the
// process (PROCESSES P2). Every function runs on the calling process.
#include "builtins/argument.h"
#include "memory/heap.h"
#include "object/class.h"
#include "panic/panic.h"
#include "process/block_argument.h"
#include "process/process.h"
#include "process/send.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

// A reference's class: internal to the runtime, never sent messages.
const InkoClass process_reference_class = {"ProcessReference", INKO_KIND_PROCESS, 0, 0,
                                           inko::no_methods,   INKO_COPY_DEEP,    0};

struct ProcessReference {
  InkoHeader header;
  InkoProcess* process;
};

InkoValue new_reference(InkoProcess* current, InkoProcess* target) {
  auto* reference = reinterpret_cast<ProcessReference*>(
      inko::allocate_object(current, &process_reference_class, sizeof(ProcessReference)));
  reference->process = target;
  return reinterpret_cast<InkoValue>(reference);
}

// `Process.new` is public (its `init` takes the reference), so a Process a
// program built itself can hold anything; only references made here name a
// process.
InkoProcess* target_of(InkoProcess* current, InkoValue reference) {
  if ((reference & 1) != 0 ||
      reinterpret_cast<const InkoHeader*>(reference)->klass != &process_reference_class)
    inko::panic(current, "This Process was not made by process.spawn or process.current");
  return reinterpret_cast<ProcessReference*>(reference)->process;
}

// The boxed Float from `timeout.to_float`, which is Nil when the argument
// was cast (L87) from a value without `to_float` (a by-name send to it
// answers Nil).
double milliseconds(InkoProcess* current, InkoValue value, std::string_view what) {
  return inko::require_float(current, value, what);
}

using BlockFunction = InkoResult (*)(InkoProcess*, InkoValue);

// What a spawned process needs of its lambda. A lambda captures nothing and
// its self is a module (permanent), so the child builds its own block and
// never reads the parent's heap.
struct SpawnRequest {
  void* function;
  InkoValue self;
  InkoValue permanent_block; // the lambda itself when it is permanent, else 0
};

void run_spawned(InkoProcess* process, InkoValue argument) {
  auto* request = reinterpret_cast<SpawnRequest*>(argument);
  // A permanent lambda (the common case) runs as is: the child allocates
  // nothing, so it gets no heap until its own code needs one.
  InkoValue block = request->permanent_block != 0
                        ? request->permanent_block
                        : inko_block_new(process, request->function, request->self, 0, 0);
  auto function = reinterpret_cast<BlockFunction>(request->function);
  std::free(request);
  InkoResult result = function(process, block);
  if (result.status != INKO_STATUS_NORMAL) {
    inko_process_unhandled_unwind(process, result.value, result.status);
  }
}

InkoResult call_block(InkoProcess* process, InkoValue block) {
  auto* object = reinterpret_cast<InkoBlock*>(block);
  return reinterpret_cast<BlockFunction>(object->function)(process, block);
}

} // namespace

extern "C" {

InkoValue inko_intrinsic_process_spawn(InkoProcess* current, InkoValue block) {
  inko::require_block(current, block);
  // A closure (through an unchecked cast) would leave its captures and self
  // in this process's heap, which the child must never read (P1).
  if (!inko::lambda_like(block))
    inko::panic(current, "The block of a new process can not capture variables");
  auto* object = reinterpret_cast<InkoBlock*>(block);
  auto* request = static_cast<SpawnRequest*>(std::malloc(sizeof(SpawnRequest)));
  if (request == nullptr)
    inko::panic(current, "Out of memory");
  request->function = object->function;
  request->self = object->self;
  request->permanent_block = (object->header.flags & INKO_HEADER_PERMANENT) != 0 ? block : 0;
  InkoProcess* child =
      inko_process_spawn(current, run_spawned, reinterpret_cast<InkoValue>(request));
  // The counted handle spawn returns becomes the reference's.
  return new_reference(current, child);
}

InkoValue inko_intrinsic_process_current(InkoProcess* current) {
  inko_process_retain(current);
  return new_reference(current, current);
}

InkoValue inko_intrinsic_process_send(InkoProcess* current, InkoValue reference,
                                      InkoValue message) {
  return inko::send_program_value(current, target_of(current, reference), message);
}

InkoValue inko_intrinsic_process_identifier(InkoProcess* current, InkoValue reference) {
  return (static_cast<uint64_t>(inko_process_identifier(target_of(current, reference))) << 1) | 1;
}

InkoValue inko_intrinsic_process_receive(InkoProcess* current, InkoValue timeout) {
  double wait = milliseconds(current, timeout, "timeout of a receive");
  if (!(wait >= 0)) // NaN too: it is no time to wait for (L111)
    inko::panic(current, "The timeout of a receive can not be negative");
  if (wait == 0)
    return inko_process_receive(current);
  InkoValue message = inko_process_receive_timeout(current, wait);
  return message == INKO_RECEIVE_TIMED_OUT ? reinterpret_cast<InkoValue>(&inko_nil) : message;
}

InkoValue inko_intrinsic_process_suspend(InkoProcess* current, InkoValue minimum) {
  double wait = milliseconds(current, minimum, "time to suspend for");
  if (!(wait >= 0)) // NaN too: it is no time to wait for (L111)
    inko::panic(current, "The time to suspend for can not be negative");
  inko_process_suspend(current, wait);
  return reinterpret_cast<InkoValue>(&inko_nil);
}

InkoValue inko_intrinsic_process_terminate(InkoProcess* current) {
  inko_process_terminate(current);
}

// `process.blocking` and `process.pinned` return the block's whole result,
// so a throw or non-local return passes through them while the process
// still leaves the blocking pool or is unpinned (P11, P12).
InkoResult inko_intrinsic_process_blocking(InkoProcess* current, InkoValue block) {
  inko::require_block(current, block);
  inko_process_blocking_enter(current);
  InkoResult result = call_block(current, block);
  inko_process_blocking_leave(current);
  return result;
}

InkoResult inko_intrinsic_process_pinned(InkoProcess* current, InkoValue block) {
  inko::require_block(current, block);
  inko_process_pin(current);
  InkoResult result = call_block(current, block);
  inko_process_unpin(current);
  return result;
}

} // extern "C"

namespace {

// A String holding a copy of `text` (the panic message).
InkoValue new_string(InkoProcess* process, std::string_view text) {
  auto* bytes =
      static_cast<InkoSharedBytes*>(std::malloc(sizeof(InkoSharedBytes) + text.size() + 1));
  if (bytes == nullptr)
    inko::panic(process, "Out of memory");
  bytes->references = 1;
  bytes->size = text.size();
  std::memcpy(bytes->data, text.data(), text.size());
  bytes->data[text.size()] = '\0';
  auto* string = reinterpret_cast<InkoString*>(
      inko::allocate_object(process, &inko_class_string, sizeof(InkoString)));
  string->bytes = bytes;
  return reinterpret_cast<InkoValue>(string);
}

// Runs a process's Inko panic handler (`process.panicking do (error) {...}`,
// P15): the closure receives the message as a String.
void run_inko_panic_handler(InkoProcess* process, void* environment, const char* message,
                            uint64_t size) {
  auto block = reinterpret_cast<InkoValue>(environment);
  InkoValue text = new_string(process, std::string_view(message, size));
  auto* object = reinterpret_cast<InkoBlock*>(block);
  using HandlerFunction = InkoResult (*)(InkoProcess*, InkoValue, InkoValue);
  InkoResult result = reinterpret_cast<HandlerFunction>(object->function)(process, block, text);
  // P16/P15.5: a value the handler throws and nothing catches is a panic
  // inside the handler, which goes to the default handler. (A `return` out
  // of the handler closure ends the handler like reaching its end.)
  if (result.status == INKO_STATUS_THROW)
    inko_process_unhandled_unwind(process, result.value, result.status);
}

} // namespace

extern "C" InkoValue inko_intrinsic_process_set_panic_handler(InkoProcess* current,
                                                              InkoValue block) {
  inko::require_block(current, block);
  // The block stays reachable through the process (a root for the collector).
  inko_process_set_panic_handler(current, run_inko_panic_handler, reinterpret_cast<void*>(block));
  return reinterpret_cast<InkoValue>(&inko_nil);
}
