// The debug form of a String (STDLIB.md StringMirror; 0.8.1's `{:?}` in the
// errors of Integer.parse and Float.parse): in double quotes, with `"` and
// `\` escaped, `\n` `\t` `\r` `\0` for those characters and `\u{hex}` for
// the other characters that do not print. An intrinsic because
// std::integer and std::float load before the methods Inko code would use.
#include "stdlib/support.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

namespace {

// The number of bytes of the UTF-8 sequence starting with `lead`.
std::size_t sequence_width(unsigned char lead) {
  if (lead < 0x80)
    return 1;
  if (lead < 0xe0)
    return 2;
  return lead < 0xf0 ? 3 : 4;
}

// The code point of the `width` bytes at `text` (Strings are valid UTF-8).
std::uint32_t code_point(const unsigned char* text, std::size_t width) {
  if (width == 1)
    return text[0];
  std::uint32_t code = text[0] & (0x7fu >> width);
  for (std::size_t i = 1; i < width; ++i)
    code = (code << 6) | (text[i] & 0x3fu);
  return code;
}

// Control characters (C0, DEL, C1) and the invisible format and separator
// characters: soft hyphen, zero-width and direction marks, line and
// paragraph separators, word joiners, the byte order mark.
bool printable(std::uint32_t code) {
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f))
    return false;
  if (code == 0xad || code == 0xfeff)
    return false;
  if ((code >= 0x200b && code <= 0x200f) || (code >= 0x2028 && code <= 0x202e))
    return false;
  return code < 0x2060 || code > 0x2064;
}

void append_escape(std::string& out, std::uint32_t code) {
  switch (code) {
  case '"':
    out += "\\\"";
    return;
  case '\\':
    out += "\\\\";
    return;
  case '\n':
    out += "\\n";
    return;
  case '\t':
    out += "\\t";
    return;
  case '\r':
    out += "\\r";
    return;
  case 0:
    out += "\\0";
    return;
  default:
    char digits[16];
    std::snprintf(digits, sizeof(digits), "\\u{%x}", static_cast<unsigned>(code));
    out += digits;
  }
}

} // namespace

extern "C" {

InkoValue inko_intrinsic_string_quote(InkoProcess* process, InkoValue string) {
  std::string_view text = inko::string_argument(process, string, "string to quote");
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (std::size_t i = 0; i < text.size();) {
    std::size_t width = std::min(sequence_width(bytes[i]), text.size() - i);
    std::uint32_t code = code_point(bytes + i, width);
    if (code == '"' || code == '\\' || !printable(code))
      append_escape(out, code);
    else
      out.append(text.substr(i, width));
    i += width;
  }
  out += '"';
  return inko::stdlib::string(process, out);
}

} // extern "C"
