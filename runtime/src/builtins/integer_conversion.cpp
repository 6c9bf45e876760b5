// Integer conversions: to_string, format(radix), parse(string, radix) and
// to_float (LANGUAGE L100, STDLIB std::integer).
#include "builtins/argument.h"
#include "builtins/index.h"
#include "builtins/integer_value.h"
#include "builtins/panic_message.h"
#include "builtins/string_value.h"
#include "panic/panic.h"

#include <charconv>
#include <string>

namespace inko {
namespace {

int checked_radix(InkoProcess* process, InkoValue radix) {
  require_integer(process, radix, "radix");
  int64_t value;
  if (!integer_fits_int64(radix, value) || value < 2 || value > 36) {
    std::string message = "The radix must be between 2 and 36, not ";
    message += is_small(radix) ? std::to_string(small_of(radix)) : to_string(big_of(radix), 10);
    panic_with(process, std::move(message));
  }
  return static_cast<int>(value);
}

InkoValue format(InkoProcess* process, InkoValue integer, int radix) {
  if (is_small(integer)) {
    char buffer[72];
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), small_of(integer), radix);
    return string_value(process, std::string_view(buffer, result.ptr - buffer));
  }
  return string_value(process, to_string(big_of(integer), radix));
}

} // namespace
} // namespace inko

using namespace inko;

extern "C" {

InkoValue inko_integer_to_string(InkoProcess* process, InkoValue integer) {
  return format(process, integer, 10);
}

InkoValue inko_integer_format(InkoProcess* process, InkoValue integer, InkoValue radix) {
  return format(process, integer, checked_radix(process, radix));
}

// The Integer, or Nil when `string` is not an Integer in `radix`.
InkoValue inko_integer_parse(InkoProcess* process, InkoValue string, InkoValue radix) {
  std::string_view text = string_argument(process, string, "argument of Integer.parse");
  int base = checked_radix(process, radix);
  // Up to 12 digits fit an int64_t in every radix; most inputs take this path.
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+'))
    digits.remove_prefix(1);
  if (!digits.empty() && digits.size() <= 12 && digits[0] != '-' && digits[0] != '+') {
    int64_t value = 0;
    auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (result.ec == std::errc() && result.ptr == digits.data() + digits.size())
      return integer_value(process, text[0] == '-' ? -value : value);
  }
  std::optional<BigInt> value = parse(text, base);
  if (!value)
    return nil_value();
  return integer_value(process, *value);
}

InkoValue inko_integer_to_float(InkoProcess* process, InkoValue integer) {
  if (is_small(integer))
    return inko_float_new(process, static_cast<double>(small_of(integer)));
  return inko_float_new(process, to_double(big_of(integer)));
}

} // extern "C"
