#include "diagnostics/suggest.h"

#include <doctest/doctest.h>
#include <string>
#include <vector>

namespace inko {
namespace {

TEST_CASE("the closest name is suggested only when it is close enough to be a typo") {
  std::vector<std::string> methods{"print", "write_string", "flush", "size", "length"};
  CHECK(closest_name("prnt", methods) == "print");
  CHECK(closest_name("pritn", methods) == "print"); // a swap is one edit
  CHECK(closest_name("lenght", methods) == "length");
  CHECK(closest_name("sizee", methods) == "size");
  CHECK(closest_name("write_strng", methods) == "write_string");
  CHECK(closest_name("frobnicate", methods).empty());
  CHECK(closest_name("xy", methods).empty());
  CHECK(closest_name("print", methods).empty()); // not a typo
  CHECK(closest_name("zise", std::vector<std::string>{}).empty());
}

TEST_CASE("common standard-library names lead to their module") {
  CHECK(module_defining("stdout") == "std::stdio::stdout");
  CHECK(module_defining("Set") == "std::set::Set");
  CHECK(module_defining("frobnicate").empty());
}

} // namespace
} // namespace inko
