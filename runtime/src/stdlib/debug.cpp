// std::debug intrinsics: the calling process's stack as Inko call frames.
#include "panic/stack_trace.h"
#include "stdlib/support.h"

#include <string>
#include <vector>

#if defined(INKO_HAVE_LIBUNWIND)
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#endif

using namespace inko;
using namespace inko::stdlib;

namespace {

struct Frame {
  std::string file;
  std::string name;
  uint64_t line;
};

// The Inko frames of the current stack, most recent first. Runtime frames
// and the intrinsics' own are left out (stack_trace.h decides which).
std::vector<Frame> inko_frames() {
  std::vector<Frame> frames;
#if defined(INKO_HAVE_LIBUNWIND)
  unw_context_t context;
  unw_cursor_t cursor;
  if (unw_getcontext(&context) != 0 || unw_init_local(&cursor, &context) != 0)
    return frames;
  for (int depth = 0; depth < 8192; ++depth) {
    unw_word_t ip = 0;
    unw_get_reg(&cursor, UNW_REG_IP, &ip);
    if (ip == 0)
      break;
    char symbol[256];
    unw_word_t offset = 0;
    if (unw_get_proc_name(&cursor, symbol, sizeof(symbol), &offset) != 0)
      symbol[0] = '\0';
    std::string_view name(symbol);
    CapturedFrame captured{static_cast<std::uintptr_t>(ip), symbol};
    FrameDescription description;
    if (describe_frame(captured, description) && !name.starts_with("inko_intrinsic_") &&
        !name.empty()) {
      frames.push_back(Frame{description.file, description.name, description.line});
    }
    if (unw_step(&cursor) <= 0)
      break;
  }
#endif
  return frames;
}

} // namespace

extern "C" {

// An Array of [path, name, line] Arrays, oldest frame first, without the
// `skip` most recent frames; with an Integer `limit`, only that many of the
// most recent remaining frames.
InkoValue inko_intrinsic_debug_stacktrace(InkoProcess* process, InkoValue skip, InkoValue limit) {
  std::vector<Frame> frames = inko_frames();
  std::size_t skipped = is_small(skip) && small_of(skip) > 0 ? small_of(skip) : 0;
  std::size_t end = frames.size();
  std::size_t begin = std::min(skipped, end);
  if (!is_nil(limit) && is_small(limit) && small_of(limit) >= 0)
    end = std::min(end, begin + static_cast<std::size_t>(small_of(limit)));
  InkoArray* result = array_new(process, end - begin);
  for (std::size_t i = end; i-- > begin;) {
    InkoArray* entry = array_new(process, 3);
    array_push(process, entry, string(process, frames[i].file));
    array_push(process, entry, string(process, frames[i].name));
    array_push(process, entry, small_value(static_cast<int64_t>(frames[i].line)));
    array_push(process, result, value_of(entry));
  }
  return value_of(result);
}

} // extern "C"
