// Float helpers shared by the intrinsics, hashing and the tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace inko {

// L101 `==`: both non-NaN and at most 2 ULPs apart.
bool float_equal(double a, double b);
// L101 to_string: "NaN", "Infinity", "-Infinity" or positional shortest
// round-trip digits with a fractional part.
std::string float_to_string(double value);
// STDLIB Float.parse syntax; nullopt when `text` is not a Float.
std::optional<double> float_parse(std::string_view text);

} // namespace inko
