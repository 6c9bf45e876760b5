// Float to and from text (LANGUAGE L101, STDLIB Float.parse).
//
// to_string: the shortest digits that round-trip (std::to_chars, which
// implements Ryu-style shortest output), laid out positionally with at least
// one fractional digit, as Rust's `{:?}` did in 2020 and Inko 0.8.1 with it.
#include "builtins/argument.h"
#include "builtins/float.h"
#include "builtins/integer_value.h"
#include "builtins/string_value.h"

#include <charconv>
#include <cmath>
#include <string>

namespace inko {

std::string float_to_string(double value) {
  if (std::isnan(value))
    return "NaN";
  if (std::isinf(value))
    return value < 0 ? "-Infinity" : "Infinity";
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string_view text(buffer, result.ptr - buffer); // [-]d[.ddd]e±xx
  std::string out;
  if (text[0] == '-') {
    out.push_back('-');
    text.remove_prefix(1);
  }
  std::size_t e = text.find('e');
  // The exponent: a sign and at least two digits (not NUL-terminated).
  int exponent = 0;
  for (char c : text.substr(e + 2))
    exponent = exponent * 10 + (c - '0');
  if (text[e + 1] == '-')
    exponent = -exponent;
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.')
      digits.push_back(c);
  }
  int count = static_cast<int>(digits.size());
  if (exponent >= count - 1) {
    out += digits;
    out.append(static_cast<std::size_t>(exponent - (count - 1)), '0');
    out += ".0";
  } else if (exponent >= 0) {
    out.append(digits, 0, static_cast<std::size_t>(exponent + 1));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(exponent + 1));
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent - 1), '0');
    out += digits;
  }
  return out;
}

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool equals_ignoring_case(std::string_view text, std::string_view word) {
  if (text.size() != word.size())
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i])
      return false;
  }
  return true;
}

// [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
bool is_decimal_float(std::string_view text) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < text.size() && is_digit(text[i]))
      ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-'))
    ++i;
  std::size_t whole = digits();
  std::size_t fraction = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole + fraction == 0)
    return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
      ++i;
    if (digits() == 0)
      return false;
  }
  return i == text.size();
}

} // namespace

std::optional<double> float_parse(std::string_view text) {
  std::string_view unsigned_text = text;
  bool negative = false;
  if (!unsigned_text.empty() && (unsigned_text[0] == '+' || unsigned_text[0] == '-')) {
    negative = unsigned_text[0] == '-';
    unsigned_text.remove_prefix(1);
  }
  if (equals_ignoring_case(unsigned_text, "infinity") || equals_ignoring_case(unsigned_text, "inf"))
    return negative ? -HUGE_VAL : HUGE_VAL;
  if (equals_ignoring_case(unsigned_text, "nan"))
    return std::nan("");
  if (!is_decimal_float(text))
    return std::nullopt;
  double value = 0.0;
  // from_chars takes no '+' sign; a range error still yields the rounded
  // result (±infinity or ±0.0), like Rust's parse.
  auto result = std::from_chars(unsigned_text.data(), unsigned_text.data() + unsigned_text.size(),
                                value, std::chars_format::general);
  if (result.ec == std::errc::result_out_of_range) {
    bool tiny = false;
    std::size_t e = unsigned_text.find_first_of("eE");
    if (e != std::string_view::npos && e + 1 < unsigned_text.size())
      tiny = unsigned_text[e + 1] == '-';
    value = tiny ? 0.0 : HUGE_VAL;
  } else if (result.ec != std::errc()) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

} // namespace inko

using namespace inko;

extern "C" {

InkoValue inko_float_to_string(InkoProcess* process, InkoValue a) {
  return string_value(process, float_to_string(as<const InkoFloat>(a)->value));
}

// The Float, or Nil when `string` is not a Float.
InkoValue inko_float_parse(InkoProcess* process, InkoValue string) {
  std::optional<double> value =
      float_parse(string_argument(process, string, "argument of Float.parse"));
  if (!value)
    return nil_value();
  return inko_float_new(process, *value);
}

} // extern "C"
