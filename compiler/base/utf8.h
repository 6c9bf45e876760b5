// UTF-8 validation of source text (LANGUAGE L1: source files are UTF-8, and
// L102: strings are always valid UTF-8, so string literals must be too).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inko {

// The byte offset where the first malformed UTF-8 sequence starts (a byte
// that can not start a character, or the lead of a sequence that is cut
// short, overlong, a surrogate or above U+10FFFF), or nullopt when `text`
// is valid.
std::optional<uint32_t> first_invalid_utf8(std::string_view text);

// Replaces every byte of a malformed sequence in `text` with '?', keeping
// every offset, so that a file in another encoding can still be lexed and
// checked (for its other errors, and by the fuzzers) once it was reported.
// Returns how many bytes it replaced.
size_t replace_invalid_utf8(std::string& text);

} // namespace inko
