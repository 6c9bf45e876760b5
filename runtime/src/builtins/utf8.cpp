// UTF-8 helpers (utf8.h).
#include "builtins/utf8.h"

namespace inko::utf8 {

uint64_t length(std::string_view text) {
  uint64_t count = 0;
  for (char c : text)
    count += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return count;
}

std::size_t offset_of(std::string_view text, uint64_t index) {
  std::size_t position = 0;
  for (; position < text.size(); ++position) {
    if (!is_continuation(static_cast<unsigned char>(text[position]))) {
      if (index == 0)
        return position;
      --index;
    }
  }
  return text.size();
}

char32_t next(std::string_view text, std::size_t& position) {
  auto byte = static_cast<unsigned char>(text[position++]);
  if (byte < 0x80)
    return byte;
  int extra = byte >= 0xF0 ? 3 : (byte >= 0xE0 ? 2 : 1);
  char32_t code = byte & (0x3F >> extra);
  for (int i = 0; i < extra && position < text.size(); ++i)
    code = (code << 6) | (static_cast<unsigned char>(text[position++]) & 0x3F);
  return code;
}

void append(std::string& out, char32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

std::string sanitize(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      out.push_back(static_cast<char>(lead));
      ++i;
      continue;
    }
    // Allowed ranges of the second byte per lead byte (Unicode Table 3-7).
    int extra = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      low = lead == 0xE0 ? 0xA0 : 0x80;
      high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      low = lead == 0xF0 ? 0x90 : 0x80;
      high = lead == 0xF4 ? 0x8F : 0xBF;
    }
    std::size_t length = 1;
    bool valid = extra > 0;
    for (int k = 0; valid && k < extra; ++k) {
      if (i + length >= bytes.size()) {
        valid = false;
        break;
      }
      auto byte = static_cast<unsigned char>(bytes[i + length]);
      bool in_range = k == 0 ? (byte >= low && byte <= high) : is_continuation(byte);
      if (!in_range) {
        valid = false;
        break;
      }
      ++length;
    }
    if (valid) {
      out.append(bytes.substr(i, length));
    } else {
      out += "\xEF\xBF\xBD";
    }
    i += length;
  }
  return out;
}

} // namespace inko::utf8
