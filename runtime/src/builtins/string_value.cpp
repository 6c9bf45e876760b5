// String objects and their shared byte blocks (string_value.h).
#include "builtins/string_value.h"

#include "memory/heap.h"
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
  auto* string = reinterpret_cast<InkoString*>(
      allocate_object(process, &inko_class_string, sizeof(InkoString)));
  string->bytes = bytes;
  return reinterpret_cast<InkoValue>(string);
}

InkoValue string_value(InkoProcess* process, std::string_view text) {
  InkoSharedBytes* bytes = shared_bytes_new(process, text.size());
  if (!text.empty())
    std::memcpy(bytes->data, text.data(), text.size());
  return string_from_shared(process, bytes);
}

} // namespace inko
