// Which Inko functions LLVM inlined at an address: the DW_TAG_inlined_subroutine
// entries of the Inko compile units in .debug_info (DWARF 5 as LLVM 19 emits
// it, with DW_FORM_addrx, DW_FORM_rnglistx and DW_FORM_strx), flattened at
// build time into address ranges with their depth, callee name and call site.
// Built once, then read-only.
#pragma once

#include "inko/abi.h"
#include "panic/dwarf/elf_image.h"
#include "panic/dwarf/line_table.h"
#include "panic/page_memory.h"

#include <cstddef>
#include <cstdint>

namespace inko::dwarf {

class InlinedCalls {
public:
  void build(const DebugSections& sections, const LineTable& lines);
  // The chain of inlined calls covering `address`, innermost first, ending
  // with the machine function itself: frame i > 0 has the line of the call
  // that inlined frame i - 1; frame 0's location is left for the line table
  // (its definition line until then). Returns 0 when nothing was inlined
  // there (or there is no debug info).
  std::size_t describe(std::uintptr_t address, InkoCallFrame* out, std::size_t capacity) const;

  struct Range {
    std::uintptr_t low, high; // run-time addresses, [low, high)
    const char* name;         // the inlined function's name
    const char* call_file;    // where it was called from (in its parent)
    std::uint32_t call_line;
    std::uint32_t depth; // 1 for a call inlined directly into a machine function
  };

  // A machine function (a concrete DW_TAG_subprogram) and its inlined calls.
  struct Function {
    std::uintptr_t low, high;
    std::size_t first_range, range_count;
  };

private:
  Range* ranges_ = nullptr;
  std::size_t range_count_ = 0;
  std::size_t range_capacity_ = 0;
  Function* functions_ = nullptr;
  std::size_t function_count_ = 0;
  std::size_t function_capacity_ = 0;
  friend class InfoDecoder;
};

} // namespace inko::dwarf
