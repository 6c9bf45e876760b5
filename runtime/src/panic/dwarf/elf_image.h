// The running executable's own ELF file (/proc/self/exe), mapped read-only
// at the first panic to find its DWARF sections, and the load bias that
// turns their link-time addresses into run-time ones (PIE). Only open,
// fstat, mmap and getauxval are used: all async-signal-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace inko::dwarf {

struct Section {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  bool present() const { return data != nullptr; }
};

struct DebugSections {
  Section line;        // .debug_line
  Section line_str;    // .debug_line_str
  Section str;         // .debug_str
  Section info;        // .debug_info
  Section abbrev;      // .debug_abbrev
  Section addr;        // .debug_addr
  Section str_offsets; // .debug_str_offsets
  Section rnglists;    // .debug_rnglists
  // Added to a link-time address to get the run-time one.
  std::uintptr_t load_bias = 0;
};

// False when the executable cannot be read (sections stay empty). Sections
// that are missing (a stripped program) or compressed are left empty.
bool load_debug_sections(DebugSections& sections);

} // namespace inko::dwarf
