// See inlined_calls.h.
#include "panic/dwarf/inlined_calls.h"

namespace inko::dwarf {

void InlinedCalls::build(const DebugSections&, PageArena&) {}

std::size_t InlinedCalls::describe(std::uintptr_t, InkoCallFrame*, std::size_t) const {
  return 0;
}

} // namespace inko::dwarf
