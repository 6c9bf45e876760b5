// The DWARF line table (.debug_line, versions 2 to 5, as LLVM 19 and GCC
// emit them) of the Inko code in the running executable: which source
// file and line an instruction address comes from. Line programs that name
// no `.inko` file (the runtime's own C++) are skipped, so the index stays
// small. For code LLVM inlined, the row names the innermost (inlined)
// source location.
//
// Built once (build), then read-only: lookups need no lock. Memory comes
// from map_pages, so building is async-signal-safe.
#pragma once

#include "panic/dwarf/elf_image.h"
#include "panic/page_memory.h"

#include <cstddef>
#include <cstdint>

namespace inko::dwarf {

struct LineLocation {
  const char* file; // absolute path (directory joined with the file name)
  std::uint64_t line;
};

class LineTable {
public:
  void build(const DebugSections& sections, PageArena& arena);
  bool empty() const { return row_count_ == 0; }
  // The location of the instruction at run-time `address`; false when no
  // Inko line program covers it or the compiler gave it no line (line 0).
  bool find(std::uintptr_t address, LineLocation& location) const;
  // File `index` of the line program at `program_offset` in .debug_line (a
  // compile unit's DW_AT_stmt_list), as DW_AT_call_file counts; nullptr if
  // that program was skipped or has no such file.
  const char* file(std::size_t program_offset, std::uint64_t index) const;

  struct Row {
    std::uintptr_t address;
    std::uint32_t line; // 0 marks the end of a sequence
    std::uint32_t file; // index into files_
  };

private:
  void decode_program(const DebugSections& sections, PageArena& arena, std::size_t offset,
                      std::size_t length, unsigned offset_size);

  Row* rows_ = nullptr;
  std::size_t row_count_ = 0;
  std::size_t row_capacity_ = 0;
  struct Program {
    std::size_t offset;     // of its unit_length field in .debug_line
    std::size_t first_file; // its file 0 in files_
    std::size_t file_count;
  };
  static constexpr std::size_t max_programs = 64;
  Program programs_[max_programs];
  std::size_t program_count_ = 0;
  const char** files_ = nullptr;
  std::size_t file_count_ = 0;
  std::size_t file_capacity_ = 0;
};

} // namespace inko::dwarf
