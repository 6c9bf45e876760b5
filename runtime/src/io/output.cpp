// Buffered, thread-safe writing of the standard streams (see output.h).
#include "io/output.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace inko {

OutputStream::OutputStream(int fd, std::size_t buffer_capacity)
    : fd_(fd), capacity_(buffer_capacity), line_buffered_(isatty(fd) == 1),
      buffer_(buffer_capacity > 0 ? static_cast<char*>(std::malloc(buffer_capacity)) : nullptr) {}

std::size_t OutputStream::write_to_fd(const char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t written = ::write(fd_, data + done, size - done);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return done; // the stream never throws: the caller reports the count
    }
    done += static_cast<std::size_t>(written);
  }
  return done;
}

std::size_t OutputStream::write_direct(std::string_view bytes, bool newline) {
  std::size_t written = write_to_fd(bytes.data(), bytes.size());
  if (newline && written == bytes.size())
    written += write_to_fd("\n", 1);
  return written;
}

void OutputStream::flush_locked() {
  write_to_fd(buffer_, used_);
  used_ = 0;
}

std::size_t OutputStream::write(std::string_view bytes, bool newline) {
  std::size_t total = bytes.size() + (newline ? 1 : 0);
  std::lock_guard lock(mutex_);
  if (buffer_ == nullptr)
    return write_direct(bytes, newline);
  if (used_ + total > capacity_)
    flush_locked();
  if (total > capacity_)
    return write_direct(bytes, newline);
  std::memcpy(buffer_ + used_, bytes.data(), bytes.size());
  used_ += bytes.size();
  if (newline)
    buffer_[used_++] = '\n';
  if (line_buffered_ && newline)
    flush_locked();
  return total;
}

bool OutputStream::write_buffered(std::string_view bytes, bool newline) {
  std::size_t total = bytes.size() + (newline ? 1 : 0);
  std::lock_guard lock(mutex_);
  if (buffer_ == nullptr || used_ + total > capacity_ || (line_buffered_ && newline))
    return false;
  std::memcpy(buffer_ + used_, bytes.data(), bytes.size());
  used_ += bytes.size();
  if (newline)
    buffer_[used_++] = '\n';
  return true;
}

void OutputStream::flush() {
  std::lock_guard lock(mutex_);
  flush_locked();
}

void OutputStream::flush_if_unlocked() {
  if (!mutex_.try_lock())
    return;
  flush_locked();
  mutex_.unlock();
}

// Never destroyed: processes may still write while the program exits.
OutputStream& standard_output() {
  static auto* stream = new OutputStream(STDOUT_FILENO, 64 * 1024);
  return *stream;
}

OutputStream& standard_error() {
  static auto* stream = new OutputStream(STDERR_FILENO, 0);
  return *stream;
}

void flush_all_output() {
  standard_output().flush();
  standard_error().flush();
  std::fflush(stdout);
  std::fflush(stderr);
}

} // namespace inko
