// Float arithmetic, comparison and rounding intrinsics (LANGUAGE L101).
// Floats are boxed (InkoFloat); every result is a new object.
#include "builtins/float.h"

#include "builtins/argument.h"
#include "builtins/index.h"
#include "builtins/integer_value.h"
#include "builtins/panic_message.h"
#include "panic/panic.h"

#include <bit>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

namespace inko {
namespace {

double float_of(InkoValue value) {
  return as<const InkoFloat>(value)->value;
}

// The argument of a binary operator, which static sends can reach with
// another value (Nil through an unchecked `!`, LANGUAGE L88, or anything
// after an unchecked cast, L87): a panic naming its type, as Integer's and
// String's operators do, instead of reading it as a Float.
double float_argument(InkoProcess* process, InkoValue value, std::string_view op) {
  if (kind_of(value) != INKO_KIND_FLOAT) [[unlikely]]
    argument_type_panic(process, value, "argument of Float." + std::string(op), "a Float");
  return float_of(value);
}

InkoValue make_float(InkoProcess* process, double value) {
  return inko_float_new(process, value);
}

} // namespace

// L101: equal when neither is NaN and they are at most 2 ULPs apart. Values
// of opposite sign compare exactly, so 0.0 == -0.0 and nothing else.
bool float_equal(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return false;
  auto x = std::bit_cast<int64_t>(a);
  auto y = std::bit_cast<int64_t>(b);
  if ((x < 0) != (y < 0))
    return a == b;
  int64_t distance = x > y ? x - y : y - x;
  return distance <= 2;
}

} // namespace inko

using namespace inko;

extern "C" {

InkoValue inko_float_add(InkoProcess* process, InkoValue a, InkoValue b) {
  return make_float(process, float_of(a) + float_argument(process, b, "+"));
}

InkoValue inko_float_sub(InkoProcess* process, InkoValue a, InkoValue b) {
  return make_float(process, float_of(a) - float_argument(process, b, "-"));
}

InkoValue inko_float_mul(InkoProcess* process, InkoValue a, InkoValue b) {
  return make_float(process, float_of(a) * float_argument(process, b, "*"));
}

InkoValue inko_float_div(InkoProcess* process, InkoValue a, InkoValue b) {
  return make_float(process, float_of(a) / float_argument(process, b, "/"));
}

InkoValue inko_float_mod(InkoProcess* process, InkoValue a, InkoValue b) {
  return make_float(process, std::fmod(float_of(a), float_argument(process, b, "%")));
}

InkoValue inko_float_lt(InkoProcess* process, InkoValue a, InkoValue b) {
  return boolean_value(float_of(a) < float_argument(process, b, "<"));
}

InkoValue inko_float_gt(InkoProcess* process, InkoValue a, InkoValue b) {
  return boolean_value(float_of(a) > float_argument(process, b, ">"));
}

InkoValue inko_float_ge(InkoProcess* process, InkoValue a, InkoValue b) {
  return boolean_value(float_of(a) >= float_argument(process, b, ">="));
}

InkoValue inko_float_le(InkoProcess* process, InkoValue a, InkoValue b) {
  return boolean_value(float_of(a) <= float_argument(process, b, "<="));
}

// As Integer's `==`: an argument that is no Float (through Object-typed
// values) is not equal.
InkoValue inko_float_eq(InkoProcess*, InkoValue a, InkoValue b) {
  if (kind_of(b) != INKO_KIND_FLOAT)
    return false_value();
  return boolean_value(float_equal(float_of(a), float_of(b)));
}

InkoValue inko_float_is_nan(InkoProcess*, InkoValue a) {
  return boolean_value(std::isnan(float_of(a)));
}

InkoValue inko_float_is_infinite(InkoProcess*, InkoValue a) {
  return boolean_value(std::isinf(float_of(a)));
}

InkoValue inko_float_floor(InkoProcess* process, InkoValue a) {
  return make_float(process, std::floor(float_of(a)));
}

InkoValue inko_float_ceil(InkoProcess* process, InkoValue a) {
  return make_float(process, std::ceil(float_of(a)));
}

InkoValue inko_float_absolute(InkoProcess* process, InkoValue a) {
  return make_float(process, std::fabs(float_of(a)));
}

// STDLIB Float.round: half away from zero; with n decimals
// round(x * 10^n) / 10^n; self when x * 10^n is not finite or n is outside
// the 32-bit range. Below n = -323, 10^n is 0.0 and the formula gives 0/0 =
// NaN, as in 0.8.1.
InkoValue inko_float_round(InkoProcess* process, InkoValue a, InkoValue decimals) {
  double value = float_of(a);
  require_integer(process, decimals, "number of decimals");
  int64_t digits;
  if (!integer_fits_int64(decimals, digits) || digits < INT32_MIN || digits > INT32_MAX)
    return a;
  if (digits == 0)
    return make_float(process, std::round(value));
  double factor = std::pow(10.0, static_cast<double>(digits));
  double scaled = value * factor;
  if (!std::isfinite(scaled))
    return a;
  return make_float(process, std::round(scaled) / factor);
}

// A NaN that an operation made up (0.0 / 0.0, parsing 'NaN') has the sign
// the hardware or LLVM's constant folder picks: x86-64 sets it, aarch64 and
// folding do not. It reads as x86-64's at run time (Inko 0.8's NAN), so
// that NAN.to_bits is one number on every target and -O level; a NaN with
// a payload keeps its bits (docs/values.md).
InkoValue inko_float_to_bits(InkoProcess* process, InkoValue a) {
  constexpr uint64_t positive_quiet_nan = 0x7FF8000000000000;
  constexpr uint64_t negative_quiet_nan = 0xFFF8000000000000;
  uint64_t bits = std::bit_cast<uint64_t>(float_of(a));
  if (bits == positive_quiet_nan)
    bits = negative_quiet_nan;
  return integer_value(process, static_cast<__int128>(bits));
}

InkoValue inko_float_to_integer(InkoProcess* process, InkoValue a) {
  double value = float_of(a);
  if (std::isnan(value))
    panic(process, "A NaN can not be converted to an Integer");
  if (std::isinf(value))
    panic(process, "An infinite Float can not be converted to an Integer");
  double truncated = std::trunc(value);
  if (std::fabs(truncated) < 4611686018427387904.0) // 2^62
    return small_value(static_cast<int64_t>(truncated));
  return integer_value(process, from_double(truncated));
}

} // extern "C"
