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

TEST_CASE("malformed bytes become '?' and every offset stays") {
  std::string latin1 = "caf\xe9 cr\xe8me";
  CHECK(replace_invalid_utf8(latin1) == 2);
  CHECK(latin1 == "caf? cr?me");
  std::string broken = "a\xe2\x82 \xf0\x9d\x84\x9e";
  CHECK(replace_invalid_utf8(broken) == 2); // the lead and its continuation byte
  CHECK(broken == "a?? \xf0\x9d\x84\x9e");
  std::string valid = "na\xc3\xafve";
  CHECK(replace_invalid_utf8(valid) == 0);
  CHECK(valid == "na\xc3\xafve");
}

} // namespace
} // namespace inko
