// std::fs intrinsics: file descriptors, metadata and directories. Files
// are plain descriptors (Integers); std::fs::file wraps them. Operations
// that fail push the OS error message onto their `errors` Array and return
// Nil (stdlib/support.h).
#include "stdlib/read_bytes.h"
#include "stdlib/support.h"

#include <cerrno>
#include <climits>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace inko;
using namespace inko::stdlib;

namespace {

// The open modes of std::fs::bits.
enum Mode : int64_t { kReadOnly = 0, kWriteOnly, kAppendOnly, kReadWrite, kReadAppend };

// The timestamps of std::fs::bits.
enum Time : int64_t { kCreatedAt = 0, kModifiedAt, kAccessedAt };

int descriptor(InkoValue fd) {
  return static_cast<int>(small_of(fd));
}

std::string path_of(InkoProcess* process, InkoValue path) {
  return c_string(process, path, "path");
}

bool write_all(int fd, const char* data, std::size_t size, std::size_t& written) {
  written = 0;
  while (written < size) {
    ssize_t count = ::write(fd, data + written, size - written);
    if (count < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    written += static_cast<std::size_t>(count);
  }
  return true;
}

// Removes a directory and everything below it; false with errno set on
// the first failure.
bool remove_tree(const std::string& path) {
  DIR* directory = ::opendir(path.c_str());
  if (directory == nullptr)
    return false;
  std::vector<std::string> entries;
  while (dirent* entry = ::readdir(directory)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..")
      entries.push_back(path + "/" + name);
  }
  ::closedir(directory);
  for (const std::string& entry : entries) {
    struct stat info;
    if (::lstat(entry.c_str(), &info) != 0)
      return false;
    if (S_ISDIR(info.st_mode)) {
      if (!remove_tree(entry))
        return false;
    } else if (::unlink(entry.c_str()) != 0) {
      return false;
    }
  }
  return ::rmdir(path.c_str()) == 0;
}

// dir.remove(path, recursive: True): a symbolic link is removed itself,
// never the directory it points to or what that holds (as Rust's
// remove_dir_all in 0.8.1; links below the path are removed as entries).
bool remove_recursively(const std::string& path) {
  struct stat info;
  if (::lstat(path.c_str(), &info) != 0)
    return false;
  if (S_ISLNK(info.st_mode))
    return ::unlink(path.c_str()) == 0;
  return remove_tree(path);
}

} // namespace

extern "C" {

// 0 when nothing exists at the path, 1 for a regular file, 2 for a
// directory, 3 for anything else (std::fs::bits constants).
InkoValue inko_intrinsic_fs_file_type(InkoProcess* process, InkoValue path) {
  struct stat info;
  if (::stat(path_of(process, path).c_str(), &info) != 0)
    return small_value(0);
  if (S_ISREG(info.st_mode))
    return small_value(1);
  if (S_ISDIR(info.st_mode))
    return small_value(2);
  return small_value(3);
}

// Opens a file in a std::fs::bits mode, returning its descriptor.
InkoValue inko_intrinsic_fs_open(InkoProcess* process, InkoValue path, InkoValue mode,
                                 InkoValue errors) {
  int flags = O_CLOEXEC;
  switch (small_of(mode)) {
  case kReadOnly:
    flags |= O_RDONLY;
    break;
  case kWriteOnly:
    flags |= O_WRONLY | O_CREAT | O_TRUNC;
    break;
  case kAppendOnly:
    flags |= O_WRONLY | O_CREAT | O_APPEND;
    break;
  case kReadWrite:
    flags |= O_RDWR | O_CREAT;
    break;
  default:
    flags |= O_RDWR | O_CREAT | O_APPEND;
    break;
  }
  int fd = ::open(path_of(process, path).c_str(), flags, 0644);
  if (fd < 0)
    return fail(process, errors, errno);
  return small_value(fd);
}

InkoValue inko_intrinsic_fs_close(InkoProcess*, InkoValue fd) {
  ::close(descriptor(fd));
  return nil_value();
}

// Appends up to `size` bytes (all until the end when Nil) to `bytes`.
InkoValue inko_intrinsic_fs_read(InkoProcess* process, InkoValue fd, InkoValue bytes,
                                 InkoValue size, InkoValue errors) {
  return read_bytes(process, descriptor(fd), bytes, size, errors);
}

InkoValue inko_intrinsic_fs_write_bytes(InkoProcess* process, InkoValue fd, InkoValue bytes,
                                        InkoValue errors) {
  auto* array = byte_array_argument(process, bytes, "bytes to write");
  std::size_t written = 0;
  if (!write_all(descriptor(fd), reinterpret_cast<const char*>(array->bytes), array->length,
                 written))
    return fail(process, errors, errno);
  return small_value(static_cast<int64_t>(written));
}

InkoValue inko_intrinsic_fs_write_string(InkoProcess* process, InkoValue fd, InkoValue string,
                                         InkoValue errors) {
  std::string_view text = string_argument(process, string, "string to write");
  std::size_t written = 0;
  if (!write_all(descriptor(fd), text.data(), text.size(), written))
    return fail(process, errors, errno);
  return small_value(static_cast<int64_t>(written));
}

InkoValue inko_intrinsic_fs_flush(InkoProcess* process, InkoValue fd, InkoValue errors) {
  if (::fsync(descriptor(fd)) != 0 && errno != EINVAL)
    return fail(process, errors, errno);
  return small_value(0);
}

InkoValue inko_intrinsic_fs_seek(InkoProcess* process, InkoValue fd, InkoValue position,
                                 InkoValue errors) {
  // Positions beyond 2^62 (big Integers) are past any file: the OS's error.
  if (!is_small(position))
    return fail(process, errors, EINVAL);
  off_t result = ::lseek(descriptor(fd), static_cast<off_t>(small_of(position)), SEEK_SET);
  if (result < 0)
    return fail(process, errors, errno);
  return small_value(result);
}

InkoValue inko_intrinsic_fs_size(InkoProcess* process, InkoValue path, InkoValue errors) {
  struct stat info;
  if (::stat(path_of(process, path).c_str(), &info) != 0)
    return fail(process, errors, errno);
  return small_value(info.st_size);
}

// A timestamp of the path as Float seconds since the Unix epoch.
InkoValue inko_intrinsic_fs_file_time(InkoProcess* process, InkoValue path, InkoValue kind,
                                      InkoValue errors) {
  struct stat info;
  if (::stat(path_of(process, path).c_str(), &info) != 0)
    return fail(process, errors, errno);
  struct timespec time = info.st_mtim;
  switch (small_of(kind)) {
  case kCreatedAt: {
#if defined(__linux__)
    struct statx extended;
    if (::statx(AT_FDCWD, path_of(process, path).c_str(), 0, STATX_BTIME, &extended) != 0)
      return fail(process, errors, errno);
    if ((extended.stx_mask & STATX_BTIME) == 0)
      return fail(process, errors, ENOTSUP);
    return float_value(process, static_cast<double>(extended.stx_btime.tv_sec) +
                                    static_cast<double>(extended.stx_btime.tv_nsec) / 1e9);
#else
    return fail(process, errors, ENOTSUP);
#endif
  }
  case kAccessedAt:
    time = info.st_atim;
    break;
  default:
    break;
  }
  return float_value(process,
                     static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_nsec) / 1e9);
}

InkoValue inko_intrinsic_fs_remove_file(InkoProcess* process, InkoValue path, InkoValue errors) {
  if (::unlink(path_of(process, path).c_str()) != 0)
    return fail(process, errors, errno);
  return small_value(0);
}

// Copies a file, returning the number of bytes copied.
InkoValue inko_intrinsic_fs_copy(InkoProcess* process, InkoValue from, InkoValue to,
                                 InkoValue errors) {
  int input = ::open(path_of(process, from).c_str(), O_RDONLY | O_CLOEXEC);
  if (input < 0)
    return fail(process, errors, errno);
  // As Rust's fs::copy (0.8.1): only a regular file is copied, checked
  // before the destination is touched, and the copy gets its permissions.
  struct stat source;
  if (::fstat(input, &source) != 0 || !S_ISREG(source.st_mode)) {
    int error = S_ISDIR(source.st_mode) ? EISDIR : EINVAL;
    ::close(input);
    return fail(process, errors, error);
  }
  // Copying a file onto itself leaves it as it is (opening it for writing
  // would truncate it first).
  struct stat destination;
  if (::stat(path_of(process, to).c_str(), &destination) == 0 &&
      destination.st_dev == source.st_dev && destination.st_ino == source.st_ino) {
    ::close(input);
    return small_value(static_cast<int64_t>(source.st_size));
  }
  int output = ::open(path_of(process, to).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                      source.st_mode & 07777);
  if (output < 0 || ::fchmod(output, source.st_mode & 07777) != 0) {
    int error = errno;
    ::close(input);
    if (output >= 0)
      ::close(output);
    return fail(process, errors, error);
  }
  int64_t total = 0;
  // On the heap: a process stack guarantees only INKO_STACK_RESERVE bytes
  // to runtime code (docs/stacks.md).
  constexpr std::size_t chunk_size = 65536;
  std::unique_ptr<char[]> chunk = std::make_unique_for_overwrite<char[]>(chunk_size);
  while (true) {
    ssize_t got = ::read(input, chunk.get(), chunk_size);
    if (got < 0 && errno == EINTR)
      continue;
    std::size_t written = 0;
    if (got < 0 ||
        (got > 0 && !write_all(output, chunk.get(), static_cast<std::size_t>(got), written))) {
      int error = errno;
      ::close(input);
      ::close(output);
      return fail(process, errors, error);
    }
    if (got == 0)
      break;
    total += got;
  }
  ::close(input);
  ::close(output);
  return small_value(total);
}

InkoValue inko_intrinsic_fs_create_directory(InkoProcess* process, InkoValue path,
                                             InkoValue recursive, InkoValue errors) {
  std::string target = path_of(process, path);
  if (recursive != true_value()) {
    if (::mkdir(target.c_str(), 0777) != 0)
      return fail(process, errors, errno);
    return small_value(0);
  }
  for (std::size_t at = 1; at <= target.size(); ++at) {
    if (at != target.size() && target[at] != '/')
      continue;
    std::string prefix = target.substr(0, at);
    if (::mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST)
      return fail(process, errors, errno);
  }
  // Something else already at the path: "File exists", as mkdir says.
  struct stat info;
  if (::stat(target.c_str(), &info) != 0)
    return fail(process, errors, errno);
  if (!S_ISDIR(info.st_mode))
    return fail(process, errors, EEXIST);
  return small_value(0);
}

InkoValue inko_intrinsic_fs_remove_directory(InkoProcess* process, InkoValue path,
                                             InkoValue recursive, InkoValue errors) {
  std::string target = path_of(process, path);
  bool removed =
      recursive == true_value() ? remove_recursively(target) : ::rmdir(target.c_str()) == 0;
  if (!removed)
    return fail(process, errors, errno);
  return small_value(0);
}

// The entries of a directory as paths including the directory.
InkoValue inko_intrinsic_fs_list_directory(InkoProcess* process, InkoValue path, InkoValue errors) {
  std::string target = path_of(process, path);
  DIR* directory = ::opendir(target.c_str());
  if (directory == nullptr)
    return fail(process, errors, errno);
  std::vector<std::string> entries;
  std::string prefix = target.ends_with('/') ? target : target + "/";
  while (dirent* entry = ::readdir(directory)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..")
      entries.push_back(prefix + name);
  }
  ::closedir(directory);
  InkoArray* result = array_new(process, entries.size());
  for (const std::string& entry : entries)
    array_push(process, result, string(process, entry));
  return value_of(result);
}

} // extern "C"
