// String objects and their shared byte blocks (string_value.h).
#include "builtins/string_value.h"

#include "memory/fast_allocate.h"
#include "memory/heap.h"
#include "memory/process_heap.h"
#include "memory/process_memory.h"
#include "panic/panic.h"

#include <cstdlib>
#include <cstring>

namespace inko {

InkoSharedBytes* shared_bytes_new(InkoProcess* process, uint64_t size) {
  if (size > (uint64_t{1} << 48))
    panic(process, "Out of memory");
  auto* bytes = static_cast<InkoSharedBytes*>(std::malloc(sizeof(InkoSharedBytes) + size + 1));
  if (bytes == nullptr)
    panic(process, "Out of memory");
  bytes->references = 1;
  bytes->size = size;
  bytes->data[size] = '\0';
  return bytes;
}

InkoValue string_from_shared(InkoProcess* process, InkoSharedBytes* bytes) {
  // The bytes are new and filled: charging them here rather than in
  // shared_bytes_new lets the collection they make due run now, when the
  // strings they were made from are no longer needed (docs/memory.md,
  // "Memory outside the heap"). A string object alone is too small to make
  // the fast path below reach a collection in time.
  Heap& heap = heap_of(process);
  heap.charge_external(sizeof(InkoSharedBytes) + bytes->size + 1);
  heap.collect_if_due();
  return allocate_filled<InkoString>(process, &inko_class_string, sizeof(InkoString),
                                     [bytes](InkoString* string) { string->bytes = bytes; });
}

namespace {

// The bytes live in the string's own cell, right after the InkoString, and
// go with it (memory/kinds.h heap_bytes_references): no malloc and no free
// per short string, and one cache line instead of two.
InkoValue short_string_value(InkoProcess* process, std::string_view text) {
  std::size_t size = sizeof(InkoString) + sizeof(InkoSharedBytes) + text.size() + 1;
  return allocate_filled<InkoString>(process, &inko_class_string, size, [text](InkoString* string) {
    auto* bytes = reinterpret_cast<InkoSharedBytes*>(string + 1);
    bytes->references = heap_bytes_references;
    bytes->size = text.size();
    if (!text.empty())
      std::memcpy(bytes->data, text.data(), text.size());
    bytes->data[text.size()] = '\0';
    string->bytes = bytes;
  });
}

} // namespace

InkoValue string_value(InkoProcess* process, std::string_view text) {
  if (text.size() <= copied_string_limit)
    return short_string_value(process, text);
  InkoSharedBytes* bytes = shared_bytes_new(process, text.size());
  if (!text.empty())
    std::memcpy(bytes->data, text.data(), text.size());
  return string_from_shared(process, bytes);
}

} // namespace inko
