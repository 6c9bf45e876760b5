// See inlined_calls.h. Decodes the DIE tree of every compile unit named
// after a `.inko` file: concrete subprograms (with DW_AT_low_pc) become
// Functions, the DW_TAG_inlined_subroutine entries inside them Ranges
// (one per address range) with their nesting depth. Callee names come
// from the DW_AT_abstract_origin entry's DW_AT_name.
#include "panic/dwarf/inlined_calls.h"

#include "panic/dwarf/byte_reader.h"
#include "panic/page_memory.h"

#include <algorithm>
#include <cstring>

namespace inko::dwarf {
namespace {

enum : unsigned {
  DW_TAG_compile_unit = 0x11,
  DW_TAG_subprogram = 0x2e,
  DW_TAG_inlined_subroutine = 0x1d,
  DW_AT_name = 0x03,
  DW_AT_stmt_list = 0x10,
  DW_AT_low_pc = 0x11,
  DW_AT_high_pc = 0x12,
  DW_AT_abstract_origin = 0x31,
  DW_AT_ranges = 0x55,
  DW_AT_call_file = 0x58,
  DW_AT_call_line = 0x59,
  DW_AT_str_offsets_base = 0x72,
  DW_AT_addr_base = 0x73,
  DW_AT_rnglists_base = 0x74,
};

enum : unsigned {
  DW_FORM_addr = 0x01,
  DW_FORM_block2 = 0x03,
  DW_FORM_block4 = 0x04,
  DW_FORM_data2 = 0x05,
  DW_FORM_data4 = 0x06,
  DW_FORM_data8 = 0x07,
  DW_FORM_string = 0x08,
  DW_FORM_block = 0x09,
  DW_FORM_block1 = 0x0a,
  DW_FORM_data1 = 0x0b,
  DW_FORM_flag = 0x0c,
  DW_FORM_sdata = 0x0d,
  DW_FORM_strp = 0x0e,
  DW_FORM_udata = 0x0f,
  DW_FORM_ref_addr = 0x10,
  DW_FORM_ref1 = 0x11,
  DW_FORM_ref2 = 0x12,
  DW_FORM_ref4 = 0x13,
  DW_FORM_ref8 = 0x14,
  DW_FORM_ref_udata = 0x15,
  DW_FORM_indirect = 0x16,
  DW_FORM_sec_offset = 0x17,
  DW_FORM_exprloc = 0x18,
  DW_FORM_flag_present = 0x19,
  DW_FORM_strx = 0x1a,
  DW_FORM_addrx = 0x1b,
  DW_FORM_ref_sup4 = 0x1c,
  DW_FORM_strp_sup = 0x1d,
  DW_FORM_data16 = 0x1e,
  DW_FORM_line_strp = 0x1f,
  DW_FORM_ref_sig8 = 0x20,
  DW_FORM_implicit_const = 0x21,
  DW_FORM_loclistx = 0x22,
  DW_FORM_rnglistx = 0x23,
  DW_FORM_ref_sup8 = 0x24,
  DW_FORM_strx1 = 0x25,
  DW_FORM_strx2 = 0x26,
  DW_FORM_strx3 = 0x27,
  DW_FORM_strx4 = 0x28,
  DW_FORM_addrx1 = 0x29,
  DW_FORM_addrx2 = 0x2a,
  DW_FORM_addrx3 = 0x2b,
  DW_FORM_addrx4 = 0x2c,
};

// What an attribute's value is, as far as this decoder cares.
enum class ValueKind { none, number, string, address_index, string_index, range_index };

struct Value {
  ValueKind kind = ValueKind::none;
  std::uint64_t number = 0;
  const char* string = nullptr;
};

bool ends_with_inko(const char* name) {
  std::size_t size = std::strlen(name);
  return size >= 5 && std::strcmp(name + size - 5, ".inko") == 0;
}

} // namespace

// Decodes one compile unit; a friend of InlinedCalls to append to it.
class InfoDecoder {
public:
  InfoDecoder(const DebugSections& sections, const LineTable& lines, InlinedCalls& calls)
      : sections_(sections), lines_(lines), calls_(calls) {}

  void unit(std::size_t offset, std::size_t length, unsigned offset_size);

private:
  Value read_value(ByteReader& reader, unsigned form, std::int64_t implicit) {
    Value value;
    switch (form) {
    case DW_FORM_addr:
      return {ValueKind::number, reader.fixed(address_size_), nullptr};
    case DW_FORM_data1:
    case DW_FORM_ref1:
    case DW_FORM_flag:
      return {ValueKind::number, reader.u8(), nullptr};
    case DW_FORM_data2:
    case DW_FORM_ref2:
      return {ValueKind::number, reader.u16(), nullptr};
    case DW_FORM_data4:
    case DW_FORM_ref4:
    case DW_FORM_ref_sup4:
      return {ValueKind::number, reader.u32(), nullptr};
    case DW_FORM_data8:
    case DW_FORM_ref8:
    case DW_FORM_ref_sig8:
    case DW_FORM_ref_sup8:
      return {ValueKind::number, reader.u64(), nullptr};
    case DW_FORM_data16:
      reader.skip(16);
      return value;
    case DW_FORM_udata:
    case DW_FORM_ref_udata:
      return {ValueKind::number, reader.uleb(), nullptr};
    case DW_FORM_sdata:
      return {ValueKind::number, static_cast<std::uint64_t>(reader.sleb()), nullptr};
    case DW_FORM_implicit_const:
      return {ValueKind::number, static_cast<std::uint64_t>(implicit), nullptr};
    case DW_FORM_flag_present:
      return {ValueKind::number, 1, nullptr};
    case DW_FORM_string:
      return {ValueKind::string, 0, reader.cstring()};
    case DW_FORM_strp:
      return {ValueKind::string, 0,
              string_at(sections_.str.data, sections_.str.size, reader.fixed(offset_size_))};
    case DW_FORM_line_strp:
      return {
          ValueKind::string, 0,
          string_at(sections_.line_str.data, sections_.line_str.size, reader.fixed(offset_size_))};
    case DW_FORM_strp_sup:
    case DW_FORM_ref_addr:
      reader.fixed(offset_size_);
      return value;
    case DW_FORM_sec_offset:
      return {ValueKind::number, reader.fixed(offset_size_), nullptr};
    case DW_FORM_strx:
      return {ValueKind::string_index, reader.uleb(), nullptr};
    case DW_FORM_strx1:
      return {ValueKind::string_index, reader.u8(), nullptr};
    case DW_FORM_strx2:
      return {ValueKind::string_index, reader.u16(), nullptr};
    case DW_FORM_strx3:
      return {ValueKind::string_index, reader.fixed(3), nullptr};
    case DW_FORM_strx4:
      return {ValueKind::string_index, reader.u32(), nullptr};
    case DW_FORM_addrx:
      return {ValueKind::address_index, reader.uleb(), nullptr};
    case DW_FORM_addrx1:
      return {ValueKind::address_index, reader.u8(), nullptr};
    case DW_FORM_addrx2:
      return {ValueKind::address_index, reader.u16(), nullptr};
    case DW_FORM_addrx3:
      return {ValueKind::address_index, reader.fixed(3), nullptr};
    case DW_FORM_addrx4:
      return {ValueKind::address_index, reader.u32(), nullptr};
    case DW_FORM_rnglistx:
      return {ValueKind::range_index, reader.uleb(), nullptr};
    case DW_FORM_loclistx:
      reader.uleb();
      return value;
    case DW_FORM_block1:
      reader.skip(reader.u8());
      return value;
    case DW_FORM_block2:
      reader.skip(reader.u16());
      return value;
    case DW_FORM_block4:
      reader.skip(reader.u32());
      return value;
    case DW_FORM_block:
    case DW_FORM_exprloc:
      reader.skip(reader.uleb());
      return value;
    case DW_FORM_indirect:
      return read_value(reader, static_cast<unsigned>(reader.uleb()), 0);
    default:
      reader.skip(reader.size()); // unknown form: stop decoding this unit
      return value;
    }
  }

  const char* string_of(const Value& value) {
    if (value.kind == ValueKind::string)
      return value.string;
    if (value.kind != ValueKind::string_index || !sections_.str_offsets.present())
      return nullptr;
    ByteReader offsets(sections_.str_offsets.data, sections_.str_offsets.size);
    offsets.seek(str_offsets_base_ + value.number * offset_size_);
    std::uint64_t offset = offsets.fixed(offset_size_);
    return offsets.failed() ? nullptr : string_at(sections_.str.data, sections_.str.size, offset);
  }

  std::uint64_t address_at(std::uint64_t index) {
    ByteReader addresses(sections_.addr.data, sections_.addr.size);
    addresses.seek(addr_base_ + index * address_size_);
    return addresses.fixed(address_size_);
  }

  std::uint64_t address_of(const Value& value) {
    return value.kind == ValueKind::address_index ? address_at(value.number) : value.number;
  }

  // Skips to the abbreviation `code`; false if it is not there.
  bool find_abbreviation(std::uint64_t code, ByteReader& abbrev, unsigned& tag, bool& children);

  // The DW_AT_name of the entry at `offset` in the unit (an abstract origin).
  const char* name_at(std::size_t offset);

  // Calls add(start, end) for each address range of an entry: its
  // low/high pair (high already an end address) or its DW_AT_ranges.
  template <typename Add>
  void for_each_range(const Value& low, const Value& high, const Value& ranges, Add&& add);

  const DebugSections& sections_;
  const LineTable& lines_;
  InlinedCalls& calls_;
  ByteReader unit_;
  std::size_t abbrev_offset_ = 0;
  unsigned offset_size_ = 4;
  unsigned address_size_ = 8;
  unsigned version_ = 5;
  std::uint64_t str_offsets_base_ = 8, addr_base_ = 8, rnglists_base_ = 0;
  std::uint64_t base_address_ = 0;
  std::size_t line_program_ = ~std::size_t{0};
};

bool InfoDecoder::find_abbreviation(std::uint64_t code, ByteReader& abbrev, unsigned& tag,
                                    bool& children) {
  abbrev = ByteReader(sections_.abbrev.data, sections_.abbrev.size);
  abbrev.seek(abbrev_offset_);
  while (!abbrev.at_end()) {
    std::uint64_t found = abbrev.uleb();
    if (found == 0)
      return false;
    tag = static_cast<unsigned>(abbrev.uleb());
    children = abbrev.u8() != 0;
    if (found == code)
      return true;
    while (!abbrev.at_end()) {
      std::uint64_t attribute = abbrev.uleb();
      std::uint64_t form = abbrev.uleb();
      if (form == DW_FORM_implicit_const)
        abbrev.sleb();
      if (attribute == 0 && form == 0)
        break;
    }
  }
  return false;
}

const char* InfoDecoder::name_at(std::size_t offset) {
  ByteReader reader = unit_;
  reader.seek(offset);
  ByteReader abbrev;
  unsigned tag = 0;
  bool children = false;
  if (!find_abbreviation(reader.uleb(), abbrev, tag, children))
    return nullptr;
  while (!abbrev.at_end() && !reader.failed()) {
    unsigned attribute = static_cast<unsigned>(abbrev.uleb());
    unsigned form = static_cast<unsigned>(abbrev.uleb());
    std::int64_t implicit = form == DW_FORM_implicit_const ? abbrev.sleb() : 0;
    if (attribute == 0 && form == 0)
      break;
    Value value = read_value(reader, form, implicit);
    if (attribute == DW_AT_name)
      return string_of(value);
  }
  return nullptr;
}

template <typename Add>
void InfoDecoder::for_each_range(const Value& low, const Value& high, const Value& ranges,
                                 Add&& add) {
  if (low.kind != ValueKind::none && high.kind != ValueKind::none) {
    add(address_of(low), high.number);
    return;
  }
  if (ranges.kind == ValueKind::none || !sections_.rnglists.present())
    return;
  ByteReader list(sections_.rnglists.data, sections_.rnglists.size);
  if (ranges.kind == ValueKind::range_index) {
    list.seek(rnglists_base_ + ranges.number * offset_size_);
    list.seek(rnglists_base_ + list.fixed(offset_size_));
  } else {
    list.seek(ranges.number);
  }
  std::uint64_t base = base_address_;
  while (!list.at_end()) {
    unsigned kind = list.u8();
    switch (kind) {
    case 0: // end_of_list
      return;
    case 1: // base_addressx
      base = address_at(list.uleb());
      break;
    case 2: { // startx_endx
      std::uint64_t start = address_at(list.uleb());
      add(start, address_at(list.uleb()));
      break;
    }
    case 3: { // startx_length
      std::uint64_t start = address_at(list.uleb());
      add(start, start + list.uleb());
      break;
    }
    case 4: { // offset_pair
      std::uint64_t start = base + list.uleb();
      add(start, base + list.uleb());
      break;
    }
    case 5: // base_address
      base = list.fixed(address_size_);
      break;
    case 6: { // start_end
      std::uint64_t start = list.fixed(address_size_);
      add(start, list.fixed(address_size_));
      break;
    }
    case 7: { // start_length
      std::uint64_t start = list.fixed(address_size_);
      add(start, start + list.uleb());
      break;
    }
    default:
      return;
    }
  }
}

void InfoDecoder::unit(std::size_t offset, std::size_t length, unsigned offset_size) {
  offset_size_ = offset_size;
  // Offsets inside a unit (DW_FORM_ref*) count from its unit_length field.
  std::size_t header = offset_size == 4 ? 4 : 12;
  unit_ = ByteReader(sections_.info.data + offset - header, length + header);
  unit_.seek(header);
  version_ = unit_.u16();
  if (version_ >= 5) {
    if (unit_.u8() != 1) // DW_UT_compile only
      return;
    address_size_ = unit_.u8();
    abbrev_offset_ = unit_.fixed(offset_size);
  } else {
    abbrev_offset_ = unit_.fixed(offset_size);
    address_size_ = unit_.u8();
  }
  if (unit_.failed() || version_ < 2 || version_ > 5)
    return;

  // Entries, depth first. `kinds` records each open entry's role.
  enum class Kind : unsigned char { other, function, inlined };
  constexpr std::size_t max_nesting = 256;
  Kind kinds[max_nesting];
  std::size_t nesting = 0, inlined_depth = 0;
  bool in_function = false, is_inko = false, first = true;
  InlinedCalls::Function* function = nullptr;
  while (!unit_.at_end()) {
    std::uint64_t code = unit_.uleb();
    if (code == 0) { // the end of a sibling list
      if (nesting == 0)
        return;
      Kind closed = kinds[--nesting];
      if (closed == Kind::function)
        in_function = false;
      if (closed == Kind::inlined)
        --inlined_depth;
      continue;
    }
    ByteReader abbrev;
    unsigned tag = 0;
    bool children = false;
    if (!find_abbreviation(code, abbrev, tag, children))
      return;
    Value name, low, high, ranges, origin, call_file, call_line;
    bool high_is_length = false;
    while (!abbrev.at_end() && !unit_.failed()) {
      unsigned attribute = static_cast<unsigned>(abbrev.uleb());
      unsigned form = static_cast<unsigned>(abbrev.uleb());
      std::int64_t implicit = form == DW_FORM_implicit_const ? abbrev.sleb() : 0;
      if (attribute == 0 && form == 0)
        break;
      Value value = read_value(unit_, form, implicit);
      switch (attribute) {
      case DW_AT_name:
        name = value;
        break;
      case DW_AT_low_pc:
        low = value;
        break;
      case DW_AT_high_pc:
        high = value;
        // A constant is a length; DW_FORM_addr/addrx an end address.
        high_is_length = form != DW_FORM_addr && value.kind == ValueKind::number;
        break;
      case DW_AT_ranges:
        ranges = value;
        break;
      case DW_AT_abstract_origin:
        origin = value;
        break;
      case DW_AT_call_file:
        call_file = value;
        break;
      case DW_AT_call_line:
        call_line = value;
        break;
      case DW_AT_str_offsets_base:
        str_offsets_base_ = value.number;
        break;
      case DW_AT_addr_base:
        addr_base_ = value.number;
        break;
      case DW_AT_rnglists_base:
        rnglists_base_ = value.number;
        break;
      case DW_AT_stmt_list:
        line_program_ = value.number;
        break;
      default:
        break;
      }
    }
    if (unit_.failed())
      return;
    if (high.kind != ValueKind::none && low.kind != ValueKind::none)
      high = Value{ValueKind::number,
                   high_is_length ? address_of(low) + high.number : address_of(high), nullptr};
    Kind kind = Kind::other;
    if (first) {
      first = false;
      if (tag != DW_TAG_compile_unit)
        return;
      const char* unit_name = string_of(name);
      is_inko = unit_name != nullptr && ends_with_inko(unit_name);
      if (!is_inko)
        return;
      base_address_ = low.kind != ValueKind::none ? address_of(low) : 0;
    } else if (tag == DW_TAG_subprogram && !in_function && low.kind != ValueKind::none &&
               high.kind != ValueKind::none) {
      kind = Kind::function;
      in_function = true;
      function = nullptr;
      if (calls_.function_count_ < calls_.function_capacity_) {
        std::uint64_t start = address_of(low);
        function = &calls_.functions_[calls_.function_count_++];
        *function = InlinedCalls::Function{
            start + sections_.load_bias, high.number + sections_.load_bias, calls_.range_count_, 0};
      }
    } else if (tag == DW_TAG_inlined_subroutine && in_function && function != nullptr) {
      kind = Kind::inlined;
      ++inlined_depth;
      const char* callee = origin.kind == ValueKind::number
                               ? name_at(static_cast<std::size_t>(origin.number))
                               : string_of(name);
      const char* file = call_file.kind == ValueKind::number
                             ? lines_.file(line_program_, call_file.number)
                             : nullptr;
      auto line = static_cast<std::uint32_t>(call_line.number);
      auto depth = static_cast<std::uint32_t>(inlined_depth);
      for_each_range(low, high, ranges, [&](std::uint64_t start, std::uint64_t end) {
        if (calls_.range_count_ == calls_.range_capacity_ || start >= end)
          return;
        calls_.ranges_[calls_.range_count_++] =
            InlinedCalls::Range{start + sections_.load_bias,
                                end + sections_.load_bias,
                                callee != nullptr ? callee : "<inlined>",
                                file,
                                line,
                                depth};
        ++function->range_count;
      });
    }
    if (children) {
      if (nesting == max_nesting)
        return;
      kinds[nesting++] = kind;
    } else {
      if (kind == Kind::function)
        in_function = false;
      if (kind == Kind::inlined)
        --inlined_depth;
    }
  }
}

void InlinedCalls::build(const DebugSections& sections, const LineTable& lines) {
  if (!sections.info.present() || !sections.abbrev.present())
    return;
  // Every entry takes at least one byte.
  range_capacity_ = sections.info.size / 4 + 1;
  function_capacity_ = sections.info.size / 4 + 1;
  ranges_ = static_cast<Range*>(map_pages(range_capacity_ * sizeof(Range)));
  functions_ = static_cast<Function*>(map_pages(function_capacity_ * sizeof(Function)));
  if (ranges_ == nullptr || functions_ == nullptr)
    return;
  for_each_unit(sections.info.data, sections.info.size,
                [&](std::size_t start, std::uint64_t length, unsigned offset_size) {
                  InfoDecoder decoder(sections, lines, *this);
                  decoder.unit(start, length, offset_size);
                });
  std::sort(functions_, functions_ + function_count_,
            [](const Function& a, const Function& b) { return a.low < b.low; });
}

std::size_t InlinedCalls::describe(std::uintptr_t address, InkoCallFrame* out,
                                   std::size_t capacity) const {
  const Function* begin = functions_;
  const Function* after = std::upper_bound(
      begin, begin + function_count_, address,
      [](std::uintptr_t value, const Function& function) { return value < function.low; });
  if (after == begin || address >= after[-1].high)
    return 0;
  const Function& function = after[-1];
  // The ranges covering the address, by depth (nested calls nest).
  const Range* chain[64] = {};
  std::uint32_t deepest = 0;
  for (std::size_t i = 0; i < function.range_count; ++i) {
    const Range& range = ranges_[function.first_range + i];
    if (address >= range.low && address < range.high && range.depth < 64) {
      chain[range.depth] = &range;
      deepest = std::max(deepest, range.depth);
    }
  }
  if (deepest == 0 || capacity == 0)
    return 0;
  // out[0] is the innermost callee; out[k] the function that inlined out[k-1].
  std::size_t count = 0;
  for (std::uint32_t depth = deepest; depth >= 1 && count < capacity; --depth) {
    const Range* range = chain[depth];
    if (range == nullptr)
      return 0; // a gap: the debug info is not nested the way we expect
    if (count == 0)
      out[count++] = InkoCallFrame{nullptr, range->name, 0};
    if (count < capacity) {
      const char* caller = depth > 1 && chain[depth - 1] != nullptr ? chain[depth - 1]->name : "";
      out[count++] = InkoCallFrame{range->call_file, caller, range->call_line};
    }
  }
  return count;
}

} // namespace inko::dwarf
