// String to_uppercase / to_lowercase with full Unicode case mapping (L102):
// one code point may map to up to three (U+00DF 'ß' -> "SS"). Tables are
// generated from Python's Unicode database by
// unicode/generate_case_tables.py. The only context-dependent rule applied
// is Final_Sigma: a capital sigma that ends a word (a cased letter before
// it, none after it, skipping combining marks) lowercases to 'ς'.
#include "builtins/string_value.h"
#include "builtins/utf8.h"
#include "builtins/value.h"

#include <algorithm>
#include <string>

namespace inko {
namespace {

struct CaseRange {
  char32_t first;
  uint16_t count;
  uint8_t stride;
  int32_t delta;
};

struct CaseExpansion {
  char32_t code;
  char32_t result[3];
};

struct CasedRange {
  char32_t first;
  char32_t last;
};

#include "builtins/unicode/case_tables.inc"

template <std::size_t N, std::size_t M>
void map_code(std::string& out, char32_t code, const CaseRange (&ranges)[N],
              const CaseExpansion (&expansions)[M]) {
  auto expansion = std::lower_bound(std::begin(expansions), std::end(expansions), code,
                                    [](const CaseExpansion& e, char32_t c) { return e.code < c; });
  if (expansion != std::end(expansions) && expansion->code == code) {
    for (char32_t c : expansion->result) {
      if (c != 0)
        utf8::append(out, c);
    }
    return;
  }
  auto range = std::upper_bound(std::begin(ranges), std::end(ranges), code,
                                [](char32_t c, const CaseRange& r) { return c < r.first; });
  if (range != std::begin(ranges)) {
    --range;
    char32_t offset = code - range->first;
    if (offset < static_cast<char32_t>(range->count) * range->stride && offset % range->stride == 0)
      code = static_cast<char32_t>(static_cast<int32_t>(code) + range->delta);
  }
  utf8::append(out, code);
}

bool is_cased(char32_t code) {
  auto range = std::upper_bound(std::begin(kCasedRanges), std::end(kCasedRanges), code,
                                [](char32_t c, const CasedRange& r) { return c < r.first; });
  return range != std::begin(kCasedRanges) && code <= (range - 1)->last;
}

bool is_combining_mark(char32_t code) {
  return (code >= 0x300 && code <= 0x36F) || (code >= 0x1AB0 && code <= 0x1AFF) ||
         (code >= 0x1DC0 && code <= 0x1DFF) || (code >= 0x20D0 && code <= 0x20FF) ||
         (code >= 0xFE20 && code <= 0xFE2F);
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Whether the sigma at [begin, end) ends a word (Final_Sigma).
bool ends_word(std::string_view text, std::size_t begin, std::size_t end) {
  bool cased_before = false;
  std::size_t position = begin;
  while (position > 0) {
    std::size_t start = position - 1;
    while (start > 0 && utf8::is_continuation(static_cast<unsigned char>(text[start])))
      --start;
    std::size_t cursor = start;
    char32_t code = utf8::next(text, cursor);
    position = start;
    if (!is_combining_mark(code)) {
      cased_before = is_cased(code);
      break;
    }
  }
  if (!cased_before)
    return false;
  position = end;
  while (position < text.size()) {
    char32_t code = utf8::next(text, position);
    if (!is_combining_mark(code))
      return !is_cased(code);
  }
  return true;
}

std::string to_upper(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  if (is_ascii(text)) {
    for (char c : text)
      out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
    return out;
  }
  std::size_t position = 0;
  while (position < text.size())
    map_code(out, utf8::next(text, position), kUpperRanges, kUpperExpansions);
  return out;
}

std::string to_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  if (is_ascii(text)) {
    for (char c : text)
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    return out;
  }
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t begin = position;
    char32_t code = utf8::next(text, position);
    if (code == 0x3A3 && ends_word(text, begin, position)) {
      utf8::append(out, 0x3C2);
      continue;
    }
    map_code(out, code, kLowerRanges, kLowerExpansions);
  }
  return out;
}

} // namespace
} // namespace inko

using namespace inko;

extern "C" {

InkoValue inko_string_to_upper(InkoProcess* process, InkoValue string) {
  return string_value(process, to_upper(string_bytes(string)));
}

InkoValue inko_string_to_lower(InkoProcess* process, InkoValue string) {
  return string_value(process, to_lower(string_bytes(string)));
}

} // extern "C"
