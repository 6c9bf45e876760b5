// See symbolizer.h. The first thread to need the indexes builds them;
// others wait for it. A thread that faults while building (or panics from
// a signal handler that interrupted its own build) gets descriptions
// without the indexes instead of waiting for itself.
#include "panic/symbolizer.h"

#include "panic/dwarf/elf_image.h"
#include "panic/dwarf/inlined_calls.h"
#include "panic/dwarf/line_table.h"
#include "panic/function_index.h"
#include "panic/page_memory.h"

#include <atomic>
#include <cstring>
#include <sched.h>

namespace inko {
namespace {

struct Indexes {
  FunctionIndex functions;
  dwarf::DebugSections sections;
  dwarf::LineTable lines;
  dwarf::InlinedCalls inlined;
  PageArena arena;
};

Indexes indexes;
std::atomic<int> state{0}; // 0: not built, 1: being built, 2: ready
thread_local bool building_here = false;

const Indexes* ready_indexes() {
  int seen = state.load(std::memory_order_acquire);
  if (seen == 2)
    return &indexes;
  if (building_here)
    return nullptr;
  if (seen == 0 && state.compare_exchange_strong(seen, 1, std::memory_order_acq_rel)) {
    building_here = true;
    indexes.functions.build();
    if (indexes.functions.available() && dwarf::load_debug_sections(indexes.sections)) {
      indexes.lines.build(indexes.sections, indexes.arena);
      indexes.inlined.build(indexes.sections, indexes.lines);
    }
    building_here = false;
    state.store(2, std::memory_order_release);
    return &indexes;
  }
  while (state.load(std::memory_order_acquire) != 2)
    sched_yield();
  return &indexes;
}

bool starts_with(const char* text, const char* prefix) {
  return std::strncmp(text, prefix, std::strlen(prefix)) == 0;
}

// Runtime frames of programs without Inko code: everything in namespace
// inko and the C entry points generated code calls.
bool is_runtime_symbol(const char* name) {
  return starts_with(name, "_ZN4inko") || starts_with(name, "inko_process_") ||
         starts_with(name, "inko_vm_") || starts_with(name, "inko_context_");
}

std::size_t describe_by_symbol(const MachineFrame& frame, InkoCallFrame* out,
                               std::size_t capacity) {
  const char* symbol = frame.symbol != nullptr ? frame.symbol : "";
  if (is_runtime_symbol(symbol))
    return 0;
  if (capacity > 0)
    out[0] = InkoCallFrame{"<unknown>", symbol[0] != '\0' ? symbol : "<unknown>", 0};
  return 1;
}

} // namespace

std::size_t describe_machine_frame(const MachineFrame& frame, InkoCallFrame* out,
                                   std::size_t capacity) {
  const Indexes* found = ready_indexes();
  if (found == nullptr || !found->functions.available())
    return describe_by_symbol(frame, out, capacity);
  const InkoFunctionInfo* function = frame.function_start != 0
                                         ? found->functions.at_entry(frame.function_start)
                                         : found->functions.containing(frame.pc);
  if (function == nullptr)
    return 0;
  // A return address points after the call, maybe at the next line's code.
  std::uintptr_t address = frame.exact ? frame.pc : frame.pc - 1;
  // Without an entry address, any pc above the last Inko function would
  // name that function: such as qemu-user's signal trampoline, which has no
  // unwind table. Only code that the Inko line table covers is Inko code.
  dwarf::LineLocation location;
  bool has_line = found->lines.find(address, location);
  if (frame.function_start == 0 && !has_line && !found->lines.empty())
    return 0;
  InkoCallFrame frames[max_inlined_depth];
  std::size_t count = found->inlined.describe(address, frames, max_inlined_depth);
  if (count == 0) {
    frames[0] = InkoCallFrame{function->file, function->name, function->line};
    count = 1;
  }
  // The outermost frame is the machine frame's own function: the table
  // has its display name even when DWARF lacks it.
  frames[count - 1].name = function->name;
  // The innermost frame's line comes from the line table.
  if (has_line) {
    frames[0].file = location.file;
    frames[0].line = location.line;
  }
  for (std::size_t i = 0; i < count && i < capacity; ++i) {
    out[i] = frames[i];
    if (out[i].file == nullptr)
      out[i].file = function->file;
  }
  return count;
}

} // namespace inko
