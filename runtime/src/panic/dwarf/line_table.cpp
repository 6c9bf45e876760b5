// See line_table.h. The decoder follows DWARF 5 §6.2 (the line number
// program state machine); VLIW op_index and column are ignored.
#include "panic/dwarf/line_table.h"

#include "panic/dwarf/byte_reader.h"

#include <algorithm>
#include <cstring>

namespace inko::dwarf {
namespace {

constexpr unsigned DW_FORM_block = 0x09, DW_FORM_block1 = 0x0a, DW_FORM_data1 = 0x0b,
                   DW_FORM_data2 = 0x05, DW_FORM_data4 = 0x06, DW_FORM_data8 = 0x07,
                   DW_FORM_data16 = 0x1e, DW_FORM_string = 0x08, DW_FORM_strp = 0x0e,
                   DW_FORM_line_strp = 0x1f, DW_FORM_udata = 0x0f, DW_FORM_sdata = 0x0d,
                   DW_FORM_strx = 0x1a, DW_FORM_strx1 = 0x25, DW_FORM_strx2 = 0x26,
                   DW_FORM_strx3 = 0x27, DW_FORM_strx4 = 0x28;
constexpr unsigned DW_LNCT_path = 1, DW_LNCT_directory_index = 2;

bool ends_with_inko(const char* name) {
  std::size_t size = std::strlen(name);
  return size >= 5 && std::strcmp(name + size - 5, ".inko") == 0;
}

// Reads one attribute of a v5 directory or file entry: a string for the
// string forms (into text), a number for the others (into number).
void read_entry_form(ByteReader& reader, unsigned form, unsigned offset_size,
                     const DebugSections& sections, const char*& text, std::uint64_t& number) {
  switch (form) {
  case DW_FORM_string:
    text = reader.cstring();
    return;
  case DW_FORM_line_strp:
    text = string_at(sections.line_str.data, sections.line_str.size, reader.fixed(offset_size));
    return;
  case DW_FORM_strp:
    text = string_at(sections.str.data, sections.str.size, reader.fixed(offset_size));
    return;
  case DW_FORM_udata:
    number = reader.uleb();
    return;
  case DW_FORM_sdata:
    number = static_cast<std::uint64_t>(reader.sleb());
    return;
  case DW_FORM_data1:
  case DW_FORM_strx1:
    number = reader.u8();
    return;
  case DW_FORM_data2:
  case DW_FORM_strx2:
    number = reader.u16();
    return;
  case DW_FORM_strx3:
    number = reader.fixed(3);
    return;
  case DW_FORM_data4:
  case DW_FORM_strx4:
    number = reader.u32();
    return;
  case DW_FORM_data8:
    number = reader.u64();
    return;
  case DW_FORM_strx:
    number = reader.uleb();
    return;
  case DW_FORM_data16:
    reader.skip(16);
    return;
  case DW_FORM_block:
    reader.skip(reader.uleb());
    return;
  case DW_FORM_block1:
    reader.skip(reader.u8());
    return;
  default:
    reader.skip(reader.size()); // unknown form: give up on this program
  }
}

struct EntryFormat {
  std::uint64_t content;
  std::uint64_t form;
};

} // namespace

void LineTable::build(const DebugSections& sections, PageArena& arena) {
  if (!sections.line.present())
    return;
  // Every row takes at least one opcode byte, every file entry one byte.
  row_capacity_ = sections.line.size + 1;
  rows_ = static_cast<Row*>(map_pages(row_capacity_ * sizeof(Row)));
  file_capacity_ = sections.line.size + 1;
  files_ = static_cast<const char**>(map_pages(file_capacity_ * sizeof(const char*)));
  if (rows_ == nullptr || files_ == nullptr)
    return;
  for_each_unit(sections.line.data, sections.line.size,
                [&](std::size_t start, std::uint64_t length, unsigned offset_size) {
                  decode_program(sections, arena, start, length, offset_size);
                });
  std::sort(rows_, rows_ + row_count_, [](const Row& a, const Row& b) {
    if (a.address != b.address)
      return a.address < b.address;
    return a.line == 0 && b.line != 0; // a sequence's end before the next one's start
  });
}

void LineTable::decode_program(const DebugSections& sections, PageArena& arena, std::size_t offset,
                               std::size_t length, unsigned offset_size) {
  ByteReader reader(sections.line.data + offset, length);
  std::size_t unit_offset = offset - (offset_size == 4 ? 4 : 12);
  unsigned version = reader.u16();
  if (version < 2 || version > 5)
    return;
  if (version >= 5) {
    reader.u8(); // address_size
    reader.u8(); // segment_selector_size
  }
  std::uint64_t header_length = reader.fixed(offset_size);
  std::size_t program_start = reader.offset() + header_length;
  unsigned minimum_instruction_length = reader.u8();
  if (version >= 4)
    reader.u8(); // maximum_operations_per_instruction
  reader.u8();   // default_is_stmt
  auto line_base = static_cast<std::int8_t>(reader.u8());
  unsigned line_range = reader.u8();
  unsigned opcode_base = reader.u8();
  std::uint8_t standard_lengths[256] = {};
  for (unsigned i = 1; i < opcode_base; ++i)
    standard_lengths[i] = reader.u8();
  if (reader.failed() || line_range == 0)
    return;

  // Directories and files. Files are stored in files_ from first_file on,
  // indexed the way the program's set_file operands count them.
  constexpr std::size_t max_directories = 256;
  const char* directories[max_directories];
  std::size_t directory_count = 0;
  std::size_t first_file = file_count_;
  bool names_inko = false;
  auto add_file = [&](const char* name, std::uint64_t directory) {
    if (file_count_ == file_capacity_)
      return;
    if (ends_with_inko(name))
      names_inko = true;
    const char* path = name;
    if (name[0] != '/' && directory < directory_count && directories[directory][0] != '\0')
      path = arena.join(directories[directory], "/", name);
    files_[file_count_++] = path;
  };
  if (version >= 5) {
    // The directory and the file name tables share one layout: the format of
    // an entry (content and form pairs), then the entries. Calls
    // `entry(path, directory index)` for each; false when the format is not
    // one this reader takes.
    auto read_entries = [&](auto&& entry) {
      EntryFormat formats[16];
      unsigned format_count = reader.u8();
      if (format_count > 16)
        return false;
      for (unsigned i = 0; i < format_count; ++i)
        formats[i] = {reader.uleb(), reader.uleb()};
      std::uint64_t count = reader.uleb();
      for (std::uint64_t i = 0; i < count && !reader.failed(); ++i) {
        const char* path = "";
        std::uint64_t directory = 0;
        for (unsigned f = 0; f < format_count; ++f) {
          const char* text = nullptr;
          std::uint64_t number = 0;
          read_entry_form(reader, static_cast<unsigned>(formats[f].form), offset_size, sections,
                          text, number);
          if (formats[f].content == DW_LNCT_path && text != nullptr)
            path = text;
          if (formats[f].content == DW_LNCT_directory_index)
            directory = number;
        }
        entry(path, directory);
      }
      return true;
    };
    bool directories_read = read_entries([&](const char* path, std::uint64_t) {
      if (directory_count < max_directories)
        directories[directory_count++] = path;
    });
    if (!directories_read || !read_entries(add_file))
      return;
  } else {
    directories[directory_count++] = ""; // 0: the compilation directory, unknown here
    while (!reader.failed()) {
      const char* directory = reader.cstring();
      if (directory[0] == '\0')
        break;
      if (directory_count < max_directories)
        directories[directory_count++] = directory;
    }
    add_file("", 0); // file numbers start at 1 before DWARF 5
    while (!reader.failed()) {
      const char* name = reader.cstring();
      if (name[0] == '\0')
        break;
      std::uint64_t directory = reader.uleb();
      reader.uleb(); // modification time
      reader.uleb(); // size
      add_file(name, directory);
    }
  }
  if (reader.failed() || !names_inko) {
    file_count_ = first_file;
    return;
  }
  if (program_count_ < max_programs)
    programs_[program_count_++] = Program{unit_offset, first_file, file_count_ - first_file};

  // The state machine.
  reader.seek(program_start);
  std::uint64_t address = 0, file = 1, line = 1;
  bool skip_sequence = false;
  std::size_t sequence_start = row_count_;
  auto emit = [&](bool end) {
    if (skip_sequence || row_count_ == row_capacity_)
      return;
    std::uintptr_t at = address + sections.load_bias;
    std::uint32_t row_line = end ? 0 : static_cast<std::uint32_t>(line);
    std::uint32_t row_file = static_cast<std::uint32_t>(first_file + file);
    // Rows at the same address: the last one describes the instruction.
    if (!end && row_count_ > sequence_start && rows_[row_count_ - 1].address == at) {
      rows_[row_count_ - 1] = Row{at, row_line, row_file};
      return;
    }
    rows_[row_count_++] = Row{at, row_line, row_file};
  };
  while (!reader.at_end()) {
    unsigned opcode = reader.u8();
    if (opcode >= opcode_base) {
      unsigned adjusted = opcode - opcode_base;
      address += (adjusted / line_range) * minimum_instruction_length;
      line += static_cast<std::int64_t>(line_base) + adjusted % line_range;
      emit(false);
      continue;
    }
    switch (opcode) {
    case 0: { // extended
      std::uint64_t size = reader.uleb();
      std::size_t next = reader.offset() + size;
      unsigned sub = size > 0 ? reader.u8() : 0;
      if (sub == 1) { // end_sequence
        emit(true);
        address = 0;
        file = 1;
        line = 1;
        skip_sequence = false;
        sequence_start = row_count_;
      } else if (sub == 2) { // set_address
        address = reader.fixed(static_cast<unsigned>(size - 1));
        // Functions the linker discarded keep a tombstone address.
        if (address == 0 || address >= ~std::uint64_t{1})
          skip_sequence = true;
      }
      reader.seek(next);
      break;
    }
    case 1: // copy
      emit(false);
      break;
    case 2: // advance_pc
      address += reader.uleb() * minimum_instruction_length;
      break;
    case 3: // advance_line
      line += static_cast<std::uint64_t>(reader.sleb());
      break;
    case 4: // set_file
      file = reader.uleb();
      break;
    case 8: // const_add_pc
      address += ((255 - opcode_base) / line_range) * minimum_instruction_length;
      break;
    case 9: // fixed_advance_pc
      address += reader.u16();
      break;
    default:
      for (unsigned i = 0; i < standard_lengths[opcode]; ++i)
        reader.uleb();
    }
  }
}

const char* LineTable::file(std::size_t program_offset, std::uint64_t index) const {
  for (std::size_t i = 0; i < program_count_; ++i) {
    if (programs_[i].offset == program_offset)
      return index < programs_[i].file_count ? files_[programs_[i].first_file + index] : nullptr;
  }
  return nullptr;
}

bool LineTable::find(std::uintptr_t address, LineLocation& location) const {
  // The last row at or before the address.
  const Row* begin = rows_;
  const Row* after =
      std::upper_bound(begin, begin + row_count_, address,
                       [](std::uintptr_t value, const Row& row) { return value < row.address; });
  if (after == begin)
    return false;
  const Row& row = after[-1];
  if (row.line == 0 || row.file >= file_count_)
    return false;
  location.file = files_[row.file];
  location.line = row.line;
  return true;
}

} // namespace inko::dwarf
