// Stack walking and frame description (see stack_trace.h). The capture
// buffers are static and guarded by capture_in_use: printing a trace ends
// the program, so traces never need to be taken concurrently.
#include "panic/stack_trace.h"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#if defined(INKO_HAVE_LIBUNWIND)
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#else
#include <dlfcn.h>
#include <unwind.h>
#endif

namespace inko {
namespace {

void write_stderr(const char* text, std::size_t size) {
  while (size > 0) {
    ssize_t written = ::write(STDERR_FILENO, text, size);
    if (written <= 0)
      return;
    text += written;
    size -= static_cast<std::size_t>(written);
  }
}

bool starts_with(const char* text, const char* prefix) {
  return std::strncmp(text, prefix, std::strlen(prefix)) == 0;
}

// Runtime frames: everything in namespace inko and the C entry points that
// generated code calls into (prefixes generated code must not use).
bool is_runtime_symbol(const char* name) {
  return starts_with(name, "_ZN4inko") || starts_with(name, "inko_process_") ||
         starts_with(name, "inko_vm_") || starts_with(name, "inko_context_");
}

constexpr std::size_t max_frames = 8192;
CapturedFrame frames[max_frames];

#if defined(INKO_HAVE_LIBUNWIND)
// Symbol names, stored once per function (deep recursion repeats them).
constexpr std::size_t max_functions = 1024;
constexpr std::size_t name_arena_size = 128 * 1024;
std::uintptr_t function_starts[max_functions];
const char* function_names[max_functions];
std::size_t function_count = 0;
char name_arena[name_arena_size];
std::size_t name_arena_used = 0;
#endif

std::atomic_flag capture_in_use = ATOMIC_FLAG_INIT;

void reset_names() {
#if defined(INKO_HAVE_LIBUNWIND)
  function_count = 0;
  name_arena_used = 0;
#endif
}

#if defined(INKO_HAVE_LIBUNWIND)
const char* symbol_at(unw_cursor_t& cursor) {
  unw_proc_info_t info;
  if (unw_get_proc_info(&cursor, &info) != 0)
    return "";
  for (std::size_t i = 0; i < function_count; ++i) {
    if (function_starts[i] == info.start_ip)
      return function_names[i];
  }
  if (function_count == max_functions || name_arena_used + 256 > name_arena_size)
    return "";
  char* name = name_arena + name_arena_used;
  unw_word_t offset = 0;
  if (unw_get_proc_name(&cursor, name, 256, &offset) != 0)
    name[0] = '\0';
  name_arena_used += std::strlen(name) + 1;
  function_starts[function_count] = info.start_ip;
  function_names[function_count++] = name;
  return name;
}
#else
struct Collector {
  std::size_t count;
};

const char* symbol_for(std::uintptr_t address) {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(address - 1), &info) == 0 || info.dli_sname == nullptr)
    return "";
  return info.dli_sname;
}

_Unwind_Reason_Code collect_frame(_Unwind_Context* context, void* argument) {
  auto* collector = static_cast<Collector*>(argument);
  if (collector->count == max_frames)
    return _URC_END_OF_STACK;
  std::uintptr_t address = _Unwind_GetIP(context);
  if (address == 0)
    return _URC_END_OF_STACK;
  frames[collector->count++] = CapturedFrame{address, symbol_for(address)};
  return _URC_NO_REASON;
}
#endif

std::size_t capture_locked() {
  reset_names();
#if defined(INKO_HAVE_LIBUNWIND)
  unw_context_t context;
  unw_cursor_t cursor;
  if (unw_getcontext(&context) != 0 || unw_init_local(&cursor, &context) != 0)
    return 0;
  std::size_t count = 0;
  while (count < max_frames) {
    unw_word_t ip = 0;
    unw_get_reg(&cursor, UNW_REG_IP, &ip);
    if (ip == 0)
      break;
    frames[count++] = CapturedFrame{static_cast<std::uintptr_t>(ip), symbol_at(cursor)};
    if (unw_step(&cursor) <= 0)
      break;
  }
  return count;
#else
  Collector collector{0};
  _Unwind_Backtrace(&collect_frame, &collector);
  return collector.count;
#endif
}

void write_frame(std::size_t index, const FrameDescription& description) {
  char line[512];
  int size = std::snprintf(line, sizeof(line), "  %zu: \"%s\" line %llu, in \"%s\"\n", index,
                           description.file, static_cast<unsigned long long>(description.line),
                           description.name);
  if (size > 0)
    write_stderr(line, static_cast<std::size_t>(size) < sizeof(line)
                           ? static_cast<std::size_t>(size)
                           : sizeof(line) - 1);
}

} // namespace

bool describe_frame(const CapturedFrame& frame, FrameDescription& description) {
  description.file = "<unknown>";
  description.line = 0;
  description.name = frame.symbol[0] != '\0' ? frame.symbol : "<unknown>";
  return !is_runtime_symbol(frame.symbol);
}

std::size_t capture_stack(const CapturedFrame** captured) {
  while (capture_in_use.test_and_set(std::memory_order_acquire)) {
  }
  std::size_t count = capture_locked();
  capture_in_use.clear(std::memory_order_release);
  *captured = frames;
  return count;
}

void write_stack_trace() {
  static const char header[] = "Stack trace (the most recent call comes last):\n";
  while (capture_in_use.test_and_set(std::memory_order_acquire)) {
  }
  write_stderr(header, sizeof(header) - 1);
  std::size_t count = capture_locked();
  FrameDescription description;
  std::size_t user_frames = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (describe_frame(frames[i], description))
      ++user_frames;
  }
  // Very deep stacks (a stack overflow) show their oldest and newest frames.
  constexpr std::size_t edge = 100;
  std::size_t shown = 0;
  for (std::size_t i = count; i-- > 0;) {
    if (!describe_frame(frames[i], description))
      continue;
    std::size_t index = shown++;
    if (index >= edge && index + edge < user_frames) {
      if (index == edge) {
        char line[96];
        int size = std::snprintf(line, sizeof(line), "  ... %zu frames left out ...\n",
                                 user_frames - 2 * edge);
        write_stderr(line, static_cast<std::size_t>(size));
      }
      continue;
    }
    write_frame(index, description);
  }
  capture_in_use.clear(std::memory_order_release);
}

} // namespace inko
