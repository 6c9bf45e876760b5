// UTF-8 walking for String (always valid UTF-8, L102) and decoding of
// untrusted bytes (ByteArray.to_string, which replaces invalid sequences
// with U+FFFD).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace inko::utf8 {

inline bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// Unicode scalar values in valid UTF-8.
uint64_t length(std::string_view text);
// The byte offset of scalar value `index`, or text.size() past the end.
std::size_t offset_of(std::string_view text, uint64_t index);
// Decodes the scalar value at text[position] (valid UTF-8) and advances.
char32_t next(std::string_view text, std::size_t& position);
void append(std::string& out, char32_t code);
// Valid UTF-8 with each maximal invalid subsequence replaced by U+FFFD
// (the WHATWG / Unicode "substitution of maximal subparts" rule).
std::string sanitize(std::string_view bytes);

} // namespace inko::utf8
