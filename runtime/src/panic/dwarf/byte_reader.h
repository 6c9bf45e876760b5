// A bounds-checked cursor over the bytes of a DWARF section. Reading past
// the end sets `failed` and yields zeros, so malformed debug info ends a
// decode quietly instead of crashing the panic that is being reported.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace inko::dwarf {

class ByteReader {
public:
  ByteReader() = default;
  ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool failed() const { return failed_; }
  bool at_end() const { return failed_ || offset_ >= size_; }
  std::size_t offset() const { return offset_; }
  std::size_t size() const { return size_; }
  const std::uint8_t* data() const { return data_; }
  void seek(std::size_t offset) {
    if (offset > size_)
      failed_ = true;
    else
      offset_ = offset;
  }
  void skip(std::uint64_t count) {
    if (count > size_ - offset_)
      failed_ = true;
    else
      offset_ += count;
  }

  std::uint64_t fixed(unsigned bytes) {
    if (bytes > size_ - offset_ || failed_) {
      failed_ = true;
      return 0;
    }
    std::uint64_t value = 0;
    for (unsigned i = 0; i < bytes; ++i) // DWARF sections are little-endian here
      value |= static_cast<std::uint64_t>(data_[offset_ + i]) << (8 * i);
    offset_ += bytes;
    return value;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(fixed(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(fixed(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
  std::uint64_t u64() { return fixed(8); }

  std::uint64_t uleb() {
    std::uint64_t value = 0;
    unsigned shift = 0;
    while (true) {
      std::uint8_t byte = u8();
      if (failed_)
        return 0;
      if (shift < 64)
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) == 0)
        return value;
    }
  }

  std::int64_t sleb() {
    std::int64_t value = 0;
    unsigned shift = 0;
    std::uint8_t byte;
    do {
      byte = u8();
      if (failed_)
        return 0;
      if (shift < 64)
        value |= static_cast<std::int64_t>(byte & 0x7f) << shift;
      shift += 7;
    } while ((byte & 0x80) != 0);
    if (shift < 64 && (byte & 0x40) != 0)
      value |= -(static_cast<std::int64_t>(1) << shift);
    return value;
  }

  // A NUL-terminated string stored in place.
  const char* cstring() {
    if (failed_ || offset_ >= size_) {
      failed_ = true;
      return "";
    }
    auto* start = reinterpret_cast<const char*>(data_ + offset_);
    const void* end = std::memchr(start, 0, size_ - offset_);
    if (end == nullptr) {
      failed_ = true;
      return "";
    }
    offset_ += static_cast<std::size_t>(static_cast<const char*>(end) - start) + 1;
    return start;
  }

  // A unit's initial length: sets the offset size (4 or 8) and returns the
  // unit's length after the length field.
  std::uint64_t unit_length(unsigned& offset_size) {
    std::uint64_t length = u32();
    offset_size = 4;
    if (length == 0xffffffff) {
      length = u64();
      offset_size = 8;
    }
    return length;
  }

private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t offset_ = 0;
  bool failed_ = false;
};

// Calls `visit(start, length, offset_size)` for each unit of a section
// (.debug_info, .debug_line): `start` is the offset after the unit's
// length field. Stops at the first unit that does not fit.
template <typename Visit>
void for_each_unit(const std::uint8_t* data, std::size_t size, Visit&& visit) {
  ByteReader reader(data, size);
  while (!reader.at_end()) {
    unsigned offset_size = 4;
    std::uint64_t length = reader.unit_length(offset_size);
    std::size_t start = reader.offset();
    if (reader.failed() || length > reader.size() - start)
      break;
    visit(start, length, offset_size);
    reader.seek(start + length);
  }
}

// A NUL-terminated string at `offset` in a string section, or "".
inline const char* string_at(const std::uint8_t* section, std::size_t size, std::uint64_t offset) {
  if (section == nullptr || offset >= size)
    return "";
  if (std::memchr(section + offset, 0, size - offset) == nullptr)
    return "";
  return reinterpret_cast<const char*>(section + offset);
}

} // namespace inko::dwarf
