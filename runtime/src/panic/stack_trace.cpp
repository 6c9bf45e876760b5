// Stack walking and the printed trace (see stack_trace.h). The trace's
// buffers are static and guarded by trace_in_use: printing a trace ends
// the program, so a second panicking thread just waits for the _exit.
#include "panic/stack_trace.h"

#include "inko/abi.h"
#include "panic/symbolizer.h"
#include "panic/text_line.h"

#include <atomic>
#include <cstring>

#if defined(INKO_HAVE_LIBUNWIND)
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#else
#include <dlfcn.h>
#include <unwind.h>
#endif

namespace inko {
namespace {

// Symbol names for programs without Inko code (the runtime's unit tests),
// stored once per function; only the printed trace asks for them.
class SymbolCache {
public:
  void reset() { count_ = used_ = 0; }
  const char* find(std::uintptr_t start) const {
    for (std::size_t i = 0; i < count_; ++i) {
      if (starts_[i] == start)
        return names_[i];
    }
    return nullptr;
  }
  char* reserve(std::size_t size) {
    return count_ < max_functions && used_ + size <= sizeof(arena_) ? arena_ + used_ : nullptr;
  }
  const char* commit(std::uintptr_t start, char* name) {
    used_ += std::strlen(name) + 1;
    starts_[count_] = start;
    names_[count_++] = name;
    return name;
  }

private:
  static constexpr std::size_t max_functions = 1024;
  std::uintptr_t starts_[max_functions];
  const char* names_[max_functions];
  std::size_t count_ = 0;
  char arena_[128 * 1024];
  std::size_t used_ = 0;
};

SymbolCache symbol_cache;

// A function that continued on a new stack segment left a frame on the old
// one that called inko_stack_grow_call (docs/stacks.md): a copy of the
// activation that runs on the new segment. Neither that frame nor the
// trampoline's is shown.
template <typename Visit> auto skipping_segment_calls(Visit& visit) {
  return [&visit, skip = 0](const MachineFrame& frame) mutable {
    if (frame.function_start == reinterpret_cast<std::uintptr_t>(&inko_stack_grow_call)) {
      skip = 1;
      return true;
    }
    if (skip > 0) {
      --skip;
      return true;
    }
    return visit(frame);
  };
}

// Calls visit(frame) for every machine frame of the current stack,
// innermost first, until it returns false. `symbols` asks for C symbol
// names (in symbol_cache; only with trace_in_use held).
template <typename Visit> void walk_stack(bool symbols, Visit&& visit_all) {
  auto visit = skipping_segment_calls(visit_all);
#if defined(INKO_HAVE_LIBUNWIND)
  unw_context_t context;
  unw_cursor_t cursor;
  if (unw_getcontext(&context) != 0 || unw_init_local(&cursor, &context) != 0)
    return;
  bool exact = false;
  // Only a guard against a corrupt, cyclic stack: the largest stack
  // (INKO_STACK_SIZE is at most 1 GiB) holds at most 2^26 frames of 16
  // bytes. 2^20 cut the oldest frames (and `main`) off an -O2 overflow trace,
  // whose frames are smaller than -O0's.
  constexpr std::size_t max_depth = std::size_t{1} << 26;
  for (std::size_t depth = 0; depth < max_depth; ++depth) {
    unw_word_t ip = 0;
    unw_get_reg(&cursor, UNW_REG_IP, &ip);
    if (ip == 0)
      break;
    unw_proc_info_t info;
    std::uintptr_t start = unw_get_proc_info(&cursor, &info) == 0 ? info.start_ip : 0;
    const char* symbol = "";
    if (symbols) {
      const char* cached = symbol_cache.find(start);
      char* name = symbol_cache.reserve(256);
      unw_word_t offset = 0;
      if (cached != nullptr) {
        symbol = cached;
      } else if (name != nullptr) {
        // A failure is cached too: without a symbol table (a stripped
        // release build) libunwind reads the executable's file on every
        // call, which made a million-frame overflow trace take minutes.
        bool named = unw_get_proc_name(&cursor, name, 256, &offset) == 0;
        if (!named)
          name[0] = '\0';
        if (named || start != 0)
          symbol = symbol_cache.commit(start, name);
      }
    }
    if (!visit(MachineFrame{static_cast<std::uintptr_t>(ip), start, exact, symbol}))
      break;
    // The frame a signal interrupted has the faulting pc, not a return address.
    exact = unw_is_signal_frame(&cursor) > 0;
    if (unw_step(&cursor) <= 0)
      break;
  }
#else
  using Visitor = decltype(visit);
  struct State {
    Visitor& visit;
    bool symbols;
  } state{visit, symbols};
  _Unwind_Backtrace(
      [](_Unwind_Context* context, void* argument) -> _Unwind_Reason_Code {
        auto* state = static_cast<State*>(argument);
        int before_instruction = 0;
        std::uintptr_t ip = _Unwind_GetIPInfo(context, &before_instruction);
        if (ip == 0)
          return _URC_END_OF_STACK;
        auto start = reinterpret_cast<std::uintptr_t>(
            _Unwind_FindEnclosingFunction(reinterpret_cast<void*>(ip)));
        const char* symbol = "";
        Dl_info info;
        if (state->symbols && dladdr(reinterpret_cast<void*>(ip - 1), &info) != 0 &&
            info.dli_sname != nullptr)
          symbol = info.dli_sname;
        return state->visit(MachineFrame{ip, start, before_instruction != 0, symbol})
                   ? _URC_NO_REASON
                   : _URC_END_OF_STACK;
      },
      &state);
#endif
}

std::atomic_flag trace_in_use = ATOMIC_FLAG_INIT;

// The printed trace keeps the newest frames in order and the oldest ones in
// a ring, so that any depth shows its oldest and newest `edge` frames.
constexpr std::size_t edge = 100;
constexpr std::size_t newest_capacity = 4096;
constexpr std::size_t oldest_capacity = 128;
InkoCallFrame newest[newest_capacity];
InkoCallFrame oldest[oldest_capacity];

void write_frame(std::size_t number, const InkoCallFrame& frame) {
  TextLine line;
  line.text("  ").number(number).text(": \"").text(frame.file).text("\" line ");
  line.number(frame.line).text(", in \"").text(frame.name).text("\"\n");
  line.write_to_stderr();
}

} // namespace

void write_stack_trace() {
  static const char header[] = "Stack trace (the most recent call comes last):\n";
  while (trace_in_use.test_and_set(std::memory_order_acquire)) {
  }
  TextLine::write_stderr(header, sizeof(header) - 1);
  symbol_cache.reset();
  std::size_t total = 0; // frames seen; 0 is the most recent
  walk_stack(true, [&](const MachineFrame& machine) {
    InkoCallFrame frames[max_inlined_depth];
    std::size_t count = describe_machine_frame(machine, frames, max_inlined_depth);
    for (std::size_t i = 0; i < count && i < max_inlined_depth; ++i, ++total) {
      if (total < newest_capacity)
        newest[total] = frames[i];
      else
        oldest[(total - newest_capacity) % oldest_capacity] = frames[i];
    }
    return true;
  });
  for (std::size_t number = 0; number < total; ++number) {
    if (number >= edge && number + edge < total) {
      if (number == edge) {
        TextLine line;
        line.text("  ... ").number(total - 2 * edge).text(" frames left out ...\n");
        line.write_to_stderr();
      }
      continue;
    }
    std::size_t recent = total - 1 - number;
    write_frame(number, recent < newest_capacity
                            ? newest[recent]
                            : oldest[(recent - newest_capacity) % oldest_capacity]);
  }
  trace_in_use.clear(std::memory_order_release);
}

std::size_t collect_call_frames(std::size_t skip, InkoCallFrame* out, std::size_t capacity) {
  std::size_t seen = 0, written = 0;
  walk_stack(false, [&](const MachineFrame& machine) {
    InkoCallFrame frames[max_inlined_depth];
    std::size_t count = describe_machine_frame(machine, frames, max_inlined_depth);
    for (std::size_t i = 0; i < count && i < max_inlined_depth; ++i, ++seen) {
      if (seen >= skip && written < capacity)
        out[written++] = frames[i];
    }
    return true;
  });
  return seen > skip ? seen - skip : 0;
}

} // namespace inko

extern "C" uint64_t inko_process_call_frames(InkoProcess*, uint64_t skip, InkoCallFrame* frames,
                                             uint64_t capacity) {
  // This function's own frame is runtime code, so `skip` counts Inko frames
  // from the caller on.
  return inko::collect_call_frames(skip, frames, capacity);
}
