// Deferred blocks (PROCESSES P13). A function that calls process.defer opens
// a list at entry (inko_defer_enter) and closes it on every exit — normal
// return, throw or non-local return passing through — which runs its blocks
// last-registered first. A list is an Array owned by the process: element 0
// is the enclosing list (Nil for the outermost), the deferred blocks follow.
// Only the owning process touches its lists.
#include "memory/heap.h"
#include "object/class.h"
#include "process/block_argument.h"
#include "process/process.h"

namespace {

InkoValue nil() {
  return reinterpret_cast<InkoValue>(&inko_nil);
}

InkoArray* array_of(InkoValue value) {
  return reinterpret_cast<InkoArray*>(value);
}

using BlockFunction = InkoResult (*)(InkoProcess*, InkoValue);

void append(InkoProcess* process, InkoValue list, InkoValue block) {
  InkoArray* array = array_of(list);
  if (array->length == array->capacity) {
    uint64_t capacity = array->capacity < 4 ? 4 : array->capacity * 2;
    array->values = static_cast<InkoValue*>(inko::resize_buffer(
        process, array->values, array->capacity * sizeof(InkoValue), capacity * sizeof(InkoValue)));
    array->capacity = capacity;
  }
  array->values[array->length++] = block;
}

// Runs the blocks of `list`, most recent first. A deferred block's own
// throw or return ends only that block.
void run_blocks(InkoProcess* process, InkoValue list) {
  InkoArray* array = array_of(list);
  while (array->length > 1) {
    InkoValue block = array->values[--array->length];
    auto* object = reinterpret_cast<InkoBlock*>(block);
    reinterpret_cast<BlockFunction>(object->function)(process, block);
  }
}

} // namespace

extern "C" {

InkoValue inko_defer_enter(InkoProcess* process) {
  InkoValue enclosing = process->defer_list != 0 ? process->defer_list : nil();
  InkoValue list = inko_array_from_values(process, 1, &enclosing);
  process->defer_list = list;
  return list;
}

void inko_defer_leave(InkoProcess* process, InkoValue list) {
  InkoValue enclosing = array_of(list)->values[0];
  process->defer_list = enclosing == nil() ? 0 : enclosing;
  run_blocks(process, list);
}

void inko_defer_run_all(InkoProcess* process) {
  while (process->defer_list != 0)
    inko_defer_leave(process, process->defer_list);
}

// `_INKOC.process_defer(block)`: registers the block with the innermost list,
// which belongs to the frame that called process.defer.
InkoValue inko_intrinsic_process_defer(InkoProcess* process, InkoValue block) {
  inko::require_block(process, block);
  if (process->defer_list == 0)
    inko_defer_enter(process); // defensively; the compiler opens lists
  append(process, process->defer_list, block);
  return nil();
}

} // extern "C"
