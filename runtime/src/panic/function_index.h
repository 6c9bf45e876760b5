// The compiler's table of Inko functions (abi.h inko_function_table),
// sorted by entry address at the first use. It decides which machine
// frames are Inko frames: a frame is one exactly when its function's entry
// address (from the unwind tables) is in the table. The table's symbols
// are weak here so that programs without Inko code (the runtime's unit
// tests) link; they then have no Inko frames.
#pragma once

#include "inko/abi.h"

#include <cstddef>
#include <cstdint>

namespace inko {

class FunctionIndex {
public:
  // Uses map_pages; async-signal-safe.
  void build();
  // False when the program has no function table (no Inko code).
  bool available() const { return count_ > 0; }
  // The function whose entry is exactly `start`, or nullptr.
  const InkoFunctionInfo* at_entry(std::uintptr_t start) const;
  // The function with the greatest entry <= `address`, or nullptr (when
  // the unwinder cannot tell where a function starts).
  const InkoFunctionInfo* containing(std::uintptr_t address) const;

private:
  const InkoFunctionInfo** sorted_ = nullptr;
  std::size_t count_ = 0;
};

} // namespace inko
