// std::debug intrinsics: the calling process's stack as Inko call frames,
// from the runtime's stack walker (inko_process_call_frames, abi.h).
#include "stdlib/support.h"

#include <vector>

using namespace inko;
using namespace inko::stdlib;

extern "C" {

// An Array of [path, name, line] Arrays, oldest frame first, without the
// `skip` most recent Inko frames (the most recent is std::debug's own
// method); with an Integer `limit`, only that many of the most recent
// remaining frames.
InkoValue inko_intrinsic_debug_stacktrace(InkoProcess* process, InkoValue skip, InkoValue limit) {
  uint64_t skipped = is_small(skip) && small_of(skip) > 0 ? small_of(skip) : 0;
  std::vector<InkoCallFrame> frames(64);
  uint64_t count = inko_process_call_frames(process, skipped, frames.data(), frames.size());
  if (count > frames.size()) {
    frames.resize(count);
    count = inko_process_call_frames(process, skipped, frames.data(), frames.size());
  }
  uint64_t end = std::min<uint64_t>(count, frames.size());
  if (!is_nil(limit) && is_small(limit) && small_of(limit) >= 0)
    end = std::min(end, static_cast<uint64_t>(small_of(limit)));
  InkoArray* result = array_new(process, end);
  for (uint64_t i = end; i-- > 0;) {
    InkoArray* entry = array_new(process, 3);
    array_push(process, entry, string(process, frames[i].file));
    array_push(process, entry, string(process, frames[i].name));
    array_push(process, entry, small_value(static_cast<int64_t>(frames[i].line)));
    array_push(process, result, value_of(entry));
  }
  return value_of(result);
}

} // extern "C"
