#include "stdlib/read_bytes.h"

#include "stdlib/support.h"

#include <algorithm>
#include <memory>
#include <unistd.h>

namespace inko::stdlib {

InkoValue read_bytes(InkoProcess* process, int fd, InkoValue bytes, InkoValue size,
                     InkoValue errors) {
  byte_array_argument(process, bytes, "ByteArray to read into");
  if (!is_nil(size))
    require_kind(process, size, INKO_KIND_INTEGER, "number of bytes to read", "an Integer");
  // A big size is more than any read can give: read everything.
  int64_t wanted = !is_nil(size) && is_small(size) ? small_of(size) : INT64_MAX;
  if (!is_nil(size) && !is_small(size) && as<InkoBigInteger>(size)->negative)
    wanted = -1;
  if (wanted < 0)
    inko_process_panic_bytes(process, "The number of bytes to read can not be negative", 47);
  int64_t total = 0;
  // On the heap: a process stack guarantees only INKO_STACK_RESERVE bytes
  // to runtime code (docs/stacks.md).
  constexpr std::size_t chunk_size = 65536;
  std::unique_ptr<char[]> chunk = std::make_unique_for_overwrite<char[]>(chunk_size);
  while (total < wanted) {
    int64_t want = std::min<int64_t>(wanted - total, chunk_size);
    ssize_t got = ::read(fd, chunk.get(), static_cast<std::size_t>(want));
    if (got < 0) {
      if (errno == EINTR)
        continue;
      return fail(process, errors, errno);
    }
    if (got == 0)
      break;
    auto* array = as<InkoByteArray>(bytes);
    for (ssize_t i = 0; i < got; ++i) {
      inko_byte_array_set(process, bytes, small_value(static_cast<int64_t>(array->length)),
                          small_value(static_cast<unsigned char>(chunk[i])));
    }
    total += got;
  }
  return small_value(total);
}

} // namespace inko::stdlib
