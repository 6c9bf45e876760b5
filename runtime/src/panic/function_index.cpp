// See function_index.h.
#include "panic/function_index.h"

#include "panic/page_memory.h"

#include <algorithm>

extern "C" {
#pragma weak inko_function_table
#pragma weak inko_function_count
}

namespace inko {
namespace {

std::uintptr_t entry_of(const InkoFunctionInfo* function) {
  return reinterpret_cast<std::uintptr_t>(function->start);
}

} // namespace

void FunctionIndex::build() {
  const InkoFunctionInfo* table = inko_function_table;
  const std::uint64_t* count = &inko_function_count;
  if (table == nullptr || count == nullptr || *count == 0)
    return;
  auto* sorted = static_cast<const InkoFunctionInfo**>(map_pages(*count * sizeof(void*)));
  if (sorted == nullptr)
    return;
  for (std::uint64_t i = 0; i < *count; ++i)
    sorted[i] = &table[i];
  std::sort(sorted, sorted + *count, [](const InkoFunctionInfo* a, const InkoFunctionInfo* b) {
    return entry_of(a) < entry_of(b);
  });
  sorted_ = sorted;
  count_ = *count;
}

const InkoFunctionInfo* FunctionIndex::containing(std::uintptr_t address) const {
  const InkoFunctionInfo* const* begin = sorted_;
  const InkoFunctionInfo* const* after = std::upper_bound(
      begin, begin + count_, address,
      [](std::uintptr_t value, const InkoFunctionInfo* f) { return value < entry_of(f); });
  return after == begin ? nullptr : after[-1];
}

const InkoFunctionInfo* FunctionIndex::at_entry(std::uintptr_t start) const {
  const InkoFunctionInfo* function = containing(start);
  return function != nullptr && entry_of(function) == start ? function : nullptr;
}

} // namespace inko
