// Panicking with a message built at run time. A panic never returns and
// discards the process stack without running destructors, so a message in
// a std::string would leak its heap buffer: panic_with copies it to the
// stack and frees the string first. Build the message in its own
// statements (so expression temporaries die) and pass it by std::move.
#pragma once

#include "panic/panic.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace inko {

[[noreturn]] inline void panic_with(InkoProcess* process, std::string&& message) {
  char buffer[512];
  std::size_t size = std::min(message.size(), sizeof(buffer));
  std::memcpy(buffer, message.data(), size);
  std::string().swap(message);
  panic(process, std::string_view(buffer, size));
}

} // namespace inko
