// std::fs intrinsics: what kind of file system entry a path names.
#include "stdlib/support.h"

#include <sys/stat.h>

extern "C" {

// 0 when nothing exists at the path, 1 for a regular file, 2 for a
// directory, 3 for anything else (std::fs::bits constants).
InkoValue inko_intrinsic_fs_file_type(InkoProcess*, InkoValue path) {
  struct stat info;
  if (::stat(inko::stdlib::c_string(path).c_str(), &info) != 0)
    return inko::small_value(0);
  if (S_ISREG(info.st_mode))
    return inko::small_value(1);
  if (S_ISDIR(info.st_mode))
    return inko::small_value(2);
  return inko::small_value(3);
}

} // extern "C"
