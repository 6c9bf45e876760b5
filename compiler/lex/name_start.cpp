// L4 lets a name start with a non-ASCII letter only when it "has no
// uppercase form", and L5 starts constants with uppercase ASCII letters, so
// a cased non-ASCII letter (é as much as É) starts neither. The Unicode
// letter and case tables come from the C library's C.UTF-8 locale, opened
// once and independent of the user's environment.
#include "lex/name_start.h"

#include <cstdint>
#include <cwctype>
#include <locale.h>
#include <wctype.h>

namespace inko::lex {
namespace {

locale_t unicode_locale() {
  static const locale_t locale = [] {
    locale_t opened = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    return opened != static_cast<locale_t>(0)
               ? opened
               : newlocale(LC_CTYPE_MASK, "C.utf8", static_cast<locale_t>(0));
  }();
  return locale;
}

uint32_t decode(std::string_view text) {
  auto byte = [&](size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  size_t length = utf8_length(static_cast<unsigned char>(text[0]));
  uint32_t code = byte(0) & (length == 2 ? 0x1f : length == 3 ? 0x0f : 0x07);
  for (size_t i = 1; i < length; ++i)
    code = (code << 6) | (byte(i) & 0x3f);
  return code;
}

} // namespace

size_t utf8_length(unsigned char lead) {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

NonAsciiStart classify_non_ascii_start(std::string_view text) {
  locale_t locale = unicode_locale();
  if (locale == static_cast<locale_t>(0))
    return NonAsciiStart::Identifier; // no tables: accept, as 0.8.1 did
  auto code = static_cast<wint_t>(decode(text));
  if (!iswalpha_l(code, locale))
    return NonAsciiStart::NotALetter;
  if (iswupper_l(code, locale) || towupper_l(code, locale) != code ||
      towlower_l(code, locale) != code)
    return NonAsciiStart::CasedLetter;
  return NonAsciiStart::Identifier;
}

} // namespace inko::lex
