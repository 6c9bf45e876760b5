#include "base/utf8.h"

#include <doctest/doctest.h>
#include <string>

namespace inko {
namespace {

TEST_CASE("valid UTF-8 passes, every kind of malformed sequence is found where it breaks") {
  CHECK(first_invalid_utf8("") == std::nullopt);
  CHECK(first_invalid_utf8("let naïve = '€ 𝄞'") == std::nullopt);
  CHECK(first_invalid_utf8("ab\xff") == 2u);           // never a lead byte
  CHECK(first_invalid_utf8("a\x80") == 1u);            // a stray continuation
  CHECK(first_invalid_utf8("\xc0\xaf") == 0u);         // overlong '/'
  CHECK(first_invalid_utf8("\xe0\x80\xaf") == 0u);     // overlong, three bytes
  CHECK(first_invalid_utf8("\xed\xa0\x80") == 0u);     // a surrogate
  CHECK(first_invalid_utf8("\xf4\x90\x80\x80") == 0u); // beyond U+10FFFF
  CHECK(first_invalid_utf8("x\xe2\x82") == 1u);        // cut off at the end
  CHECK(first_invalid_utf8("\xe2\x82 ") == 0u);        // cut off by ASCII
  CHECK(first_invalid_utf8("caf\xe9!") == 3u);         // Latin-1 é
}

} // namespace
} // namespace inko
