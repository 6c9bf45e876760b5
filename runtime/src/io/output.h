// The program's stdout and stderr streams.
//
// Each write call appends all of its bytes under the stream's lock, so the
// output of one call never interleaves with another thread's. stdout is
// buffered (line-flushed when it is a terminal); stderr is written through,
// after the stdio intrinsics flushed stdout's buffer.
// Every exit path of the program calls flush_all_output before the process
// ends. Any thread may call any function here, including the panic path.
#pragma once

#include <cstddef>
#include <mutex>
#include <string_view>

namespace inko {

class OutputStream {
public:
  OutputStream(int fd, std::size_t buffer_capacity);
  OutputStream(const OutputStream&) = delete;
  OutputStream& operator=(const OutputStream&) = delete;

  // Appends `bytes` and, when `newline`, a '\n'. Returns the bytes written:
  // all of them once buffered; fewer when a direct write fails (0 when the
  // bytes before the newline could not be written).
  std::size_t write(std::string_view bytes, bool newline);
  // Like write, but only when the bytes fit in the buffer and need no write
  // to the file descriptor now, so the caller cannot block on it; returns
  // false (and writes nothing) otherwise.
  bool write_buffered(std::string_view bytes, bool newline);
  void flush();
  // For the fault handler: flushes unless another thread holds the lock.
  void flush_if_unlocked();

private:
  // Both return how many bytes reached the descriptor (all unless it fails).
  std::size_t write_to_fd(const char* data, std::size_t size);
  std::size_t write_direct(std::string_view bytes, bool newline);
  void flush_locked();

  const int fd_;
  const std::size_t capacity_;
  bool line_buffered_ = false;
  std::mutex mutex_;
  char* buffer_;
  std::size_t used_ = 0;
};

OutputStream& standard_output();
OutputStream& standard_error();
void flush_all_output();

} // namespace inko
