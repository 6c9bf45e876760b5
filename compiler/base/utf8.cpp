#include "base/utf8.h"

namespace inko {

std::optional<uint32_t> first_invalid_utf8(std::string_view text) {
  auto byte = [&text](size_t i) { return static_cast<unsigned char>(text[i]); };
  size_t i = 0;
  while (i < text.size()) {
    unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The length of the sequence and the range its second byte must lie in
    // (narrower than 80..BF where overlong forms, surrogates or code points
    // beyond U+10FFFF would start).
    size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      low = lead == 0xe0 ? 0xa0 : 0x80;
      high = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      low = lead == 0xf0 ? 0x90 : 0x80;
      high = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
      return static_cast<uint32_t>(i);
    }
    for (size_t k = 1; k < length; ++k) {
      if (i + k >= text.size())
        return static_cast<uint32_t>(i); // cut off by the end of the file
      unsigned char next = byte(i + k);
      bool fits = k == 1 ? next >= low && next <= high : next >= 0x80 && next <= 0xbf;
      if (!fits)
        return static_cast<uint32_t>(i); // the lead of a broken sequence is what is shown
    }
    i += length;
  }
  return std::nullopt;
}

size_t replace_invalid_utf8(std::string& text) {
  size_t replaced = 0;
  size_t from = 0;
  while (std::optional<uint32_t> bad = first_invalid_utf8(std::string_view(text).substr(from))) {
    // The lead goes; its continuation bytes are then stray and go next.
    text[from + *bad] = '?';
    from += *bad + 1;
    ++replaced;
  }
  return replaced;
}

} // namespace inko
