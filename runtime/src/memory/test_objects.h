// Object graphs for the memory and message-copy tests: a two-slot node
// class, strings, arrays, closures, and a kind whose finaliser counts.
#pragma once

#include "builtins/array.h"
#include "builtins/string_value.h"
#include "context/sanitizers.h"
#include "memory/heap.h"
#include "memory/kinds.h"
#include "memory/process_heap.h"
#include "memory/process_memory.h"
#include "process/process.h"
#include "testing/harness.h"

#include <atomic>
#include <string_view>

namespace inko::testing {

inline const InkoClass node_class = {"Node", INKO_KIND_OBJECT, 2, 0, nullptr, INKO_COPY_DEEP, 0};

// Objects of this kind count their finalisations in finalised_objects.
inline constexpr std::uint32_t counted_kind = 30;
inline std::atomic<std::int64_t> finalised_objects{0};
inline const InkoClass counted_class = {"Counted", counted_kind, 0, 0, nullptr, INKO_COPY_DEEP, 0};

// Installs the counting kind for the life of a test.
struct CountedKind {
  CountedKind() {
    finalised_objects = 0;
    KindHooks hooks;
    hooks.finalise = [](InkoHeader*) { finalised_objects.fetch_add(1); };
    set_kind_hooks(counted_kind, hooks);
  }
  ~CountedKind() { set_kind_hooks(counted_kind, KindHooks{}); }
};

inline InkoObject* node(InkoProcess* process, InkoValue first, InkoValue second) {
  auto* object = reinterpret_cast<InkoObject*>(inko_object_allocate(process, &node_class));
  object->slots[0] = first;
  object->slots[1] = second;
  return object;
}

inline InkoValue counted(InkoProcess* process) {
  return reinterpret_cast<InkoValue>(allocate_object(process, &counted_class, sizeof(InkoHeader)));
}

inline InkoValue string(InkoProcess* process, std::string_view text) {
  return string_value(process, text);
}

inline std::string_view text_of(InkoValue value) {
  auto* string = reinterpret_cast<InkoString*>(value);
  return {string->bytes->data, string->bytes->size};
}

inline InkoValue nil() {
  return reinterpret_cast<InkoValue>(&inko_nil);
}

// Overwrites the stack below the caller's frame, so stale pointers left by
// returned frames do not keep garbage alive through the conservative scan.
[[gnu::noinline]] inline void clear_stack() {
  volatile char area[32768];
  for (std::size_t i = 0; i < sizeof(area); ++i)
    area[i] = 0;
}

// Sanitizer builds lay out frames differently (redzones, spilled
// temporaries), so stale pointers survive clear_stack more often: tests
// check exact amounts of garbage freed only without them.
inline bool sanitized() {
#if defined(INKO_TSAN) || defined(INKO_ASAN)
  return true;
#else
  return false;
#endif
}

inline Heap& heap(InkoProcess* process) {
  return heap_of(process);
}

// Whether `value` is an object currently allocated in the process's heap.
inline bool in_heap(InkoProcess* process, InkoValue value) {
  return static_cast<bool>(heap_of(process).find_object(value));
}
// Whether `bytes` are the heap-owned bytes in the cell of `string` (a short
// string copied with a message, memory/kinds.h heap_bytes_references).
inline bool bytes_in_heap(InkoProcess* process, InkoValue string) {
  const InkoSharedBytes* bytes = reinterpret_cast<const InkoString*>(string)->bytes;
  Allocation cell = heap_of(process).find(reinterpret_cast<std::uintptr_t>(bytes));
  return cell.start == reinterpret_cast<char*>(string) &&
         bytes->references == heap_bytes_references;
}

} // namespace inko::testing
