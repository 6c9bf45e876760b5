// How a non-ASCII first character classifies a name (LANGUAGE L4, L5).
#pragma once

#include <string_view>

namespace inko::lex {

enum class NonAsciiStart {
  Identifier,  // a letter without case (日, ا): starts an identifier (L4)
  CasedLetter, // a letter with an uppercase form (é, É): starts no name
  NotALetter,  // (→, 😀): starts no name
};

// Classifies the UTF-8 character at the start of `text` (its first byte is
// >= 0x80; the lexer only runs on valid UTF-8).
NonAsciiStart classify_non_ascii_start(std::string_view text);

// The length in bytes of the UTF-8 character whose first byte is `lead`.
size_t utf8_length(unsigned char lead);

} // namespace inko::lex
