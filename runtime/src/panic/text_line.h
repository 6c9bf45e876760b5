// Building one line of text in a fixed buffer and writing it to stderr,
// without malloc, locks or stdio: the stack-overflow path runs this in a
// signal handler, where only async-signal-safe calls (write) are allowed.
// Text that does not fit is cut off.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unistd.h>

namespace inko {

class TextLine {
public:
  TextLine& text(std::string_view part) {
    for (char c : part) {
      if (size_ == sizeof(data_))
        break;
      data_[size_++] = c;
    }
    return *this;
  }

  TextLine& number(std::uint64_t value, unsigned base = 10) {
    char digits[24];
    std::size_t count = 0;
    do {
      digits[count++] = "0123456789abcdef"[value % base];
      value /= base;
    } while (value != 0);
    while (count > 0 && size_ < sizeof(data_))
      data_[size_++] = digits[--count];
    return *this;
  }

  std::string_view view() const { return {data_, size_}; }

  // Writes the line (the caller adds the newline) to stderr.
  void write_to_stderr() const { write_stderr(data_, size_); }

  static void write_stderr(const char* text, std::size_t size) {
    while (size > 0) {
      ssize_t written = ::write(STDERR_FILENO, text, size);
      if (written <= 0)
        return;
      text += written;
      size -= static_cast<std::size_t>(written);
    }
  }

private:
  char data_[1024];
  std::size_t size_ = 0;
};

} // namespace inko
