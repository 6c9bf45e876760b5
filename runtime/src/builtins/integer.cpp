// Integer arithmetic, comparison and bitwise intrinsics (LANGUAGE L100).
//
// Each has a fast path for two small integers: their values are within
// ±2^62, so sums, differences and floored quotients fit int64_t and
// products fit __int128 without overflow checks; integer_value then decides
// whether the result is still small. Everything else goes through BigInt.
#include "builtins/argument.h"
#include "builtins/integer_value.h"
#include "builtins/panic_message.h"
#include "panic/panic.h"

#include <string>

namespace inko {
namespace {

constexpr char kDivideByZero[] = "Can not divide an Integer by 0";

bool both_small(InkoValue a, InkoValue b) {
  return (a & b & 1) != 0;
}

// The shift amount as a count of bits to shift left (negative: right).
int64_t shift_amount(InkoProcess* process, InkoValue amount) {
  int64_t bits;
  if (!integer_fits_int64(amount, bits) || bits < INT32_MIN || bits > INT32_MAX) {
    std::string message = "The shift amount ";
    message += is_small(amount) ? std::to_string(small_of(amount)) : to_string(big_of(amount), 10);
    message += " is outside the 32-bit range";
    panic_with(process, std::move(message));
  }
  return bits;
}

InkoValue shift(InkoProcess* process, InkoValue value, int64_t left_bits) {
  if (left_bits >= 0) {
    if (is_small(value) && left_bits <= 64) {
      return integer_value(process, static_cast<__int128>(small_of(value)) << left_bits);
    }
    return integer_value(process, shift_left(big_of(value), static_cast<uint64_t>(left_bits)));
  }
  uint64_t right_bits = static_cast<uint64_t>(-left_bits);
  if (is_small(value))
    return small_value(small_of(value) >> (right_bits > 63 ? 63 : right_bits));
  return integer_value(process, shift_right(big_of(value), right_bits));
}

// Whether a slow path may treat its operands as Integers. Static sends reach
// these intrinsics with other values too: Nil as the receiver after an
// unchecked `!` (LANGUAGE L88), whose send answers Nil as Nil's
// unknown_message does (false), and any value as the argument through `!`
// or a trait-typed receiver, which panics (as in 0.8.1) instead of reading
// the value as an Integer.
bool integer_operands(InkoProcess* process, InkoValue a, InkoValue b, std::string_view op) {
  if (kind_of(a) != INKO_KIND_INTEGER)
    return false;
  if (kind_of(b) != INKO_KIND_INTEGER) [[unlikely]]
    argument_type_panic(process, b, "argument of Integer." + std::string(op), "an Integer");
  return true;
}

int compare_integers(InkoValue a, InkoValue b) {
  if (both_small(a, b)) {
    int64_t x = small_of(a), y = small_of(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return compare(big_of(a), big_of(b));
}

} // namespace
} // namespace inko

using namespace inko;

extern "C" {

InkoValue inko_integer_add(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "+"))
    return nil_value();
  if (both_small(a, b))
    return integer_value(process, small_of(a) + small_of(b));
  return integer_value(process, add(big_of(a), big_of(b)));
}

InkoValue inko_integer_sub(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "-"))
    return nil_value();
  if (both_small(a, b))
    return integer_value(process, small_of(a) - small_of(b));
  return integer_value(process, subtract(big_of(a), big_of(b)));
}

InkoValue inko_integer_mul(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "*"))
    return nil_value();
  if (both_small(a, b))
    return integer_value(process, static_cast<__int128>(small_of(a)) * small_of(b));
  // Factors of magnitude 0 and 1 may give a small product; the general path
  // normalises those.
  if (is_small(b) && (small_of(b) < -1 || small_of(b) > 1))
    return multiply_big_by_small(process, a, small_of(b));
  if (is_small(a) && (small_of(a) < -1 || small_of(a) > 1))
    return multiply_big_by_small(process, b, small_of(a));
  return integer_value(process, multiply(big_of(a), big_of(b)));
}

InkoValue inko_integer_div(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "/"))
    return nil_value();
  if (b == small_value(0))
    panic(process, kDivideByZero);
  if (both_small(a, b)) {
    int64_t x = small_of(a), y = small_of(b);
    int64_t quotient = x / y;
    if (x % y != 0 && ((x < 0) != (y < 0)))
      --quotient;
    return integer_value(process, quotient);
  }
  return integer_value(process, divide_floored(big_of(a), big_of(b)).quotient);
}

InkoValue inko_integer_mod(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "%"))
    return nil_value();
  if (b == small_value(0))
    panic(process, kDivideByZero);
  if (both_small(a, b)) {
    int64_t x = small_of(a), y = small_of(b);
    int64_t remainder = x % y;
    if (remainder != 0 && ((remainder < 0) != (y < 0)))
      remainder += y;
    return small_value(remainder);
  }
  return integer_value(process, divide_floored(big_of(a), big_of(b)).remainder);
}

InkoValue inko_integer_and(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "&"))
    return nil_value();
  if (both_small(a, b))
    return a & b; // the tag bit survives
  return integer_value(process, bit_and(big_of(a), big_of(b)));
}

InkoValue inko_integer_or(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "|"))
    return nil_value();
  if (both_small(a, b))
    return a | b;
  return integer_value(process, bit_or(big_of(a), big_of(b)));
}

InkoValue inko_integer_xor(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "^"))
    return nil_value();
  if (both_small(a, b))
    return (a ^ b) | 1;
  return integer_value(process, bit_xor(big_of(a), big_of(b)));
}

InkoValue inko_integer_shl(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "<<"))
    return nil_value();
  return shift(process, a, shift_amount(process, b));
}

InkoValue inko_integer_shr(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, ">>"))
    return nil_value();
  return shift(process, a, -shift_amount(process, b));
}

InkoValue inko_integer_pow(InkoProcess* process, InkoValue a, InkoValue b) {
  int64_t exponent;
  if (integer_is_negative(b))
    panic(process, "An Integer can not be raised to a negative power");
  if (a == small_value(0) || a == small_value(1))
    return b == small_value(0) ? small_value(1) : a;
  if (a == small_value(-1)) {
    bool odd = is_small(b) ? (small_of(b) & 1) != 0 : (as<InkoBigInteger>(b)->limbs[0] & 1) != 0;
    return small_value(odd ? -1 : 1);
  }
  if (!integer_fits_int64(b, exponent) || exponent > INT32_MAX)
    panic(process, "The exponent is outside the 32-bit range");
  return integer_value(process, power(big_of(a), static_cast<uint64_t>(exponent)));
}

InkoValue inko_integer_lt(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "<"))
    return nil_value();
  return boolean_value(compare_integers(a, b) < 0);
}

InkoValue inko_integer_gt(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, ">"))
    return nil_value();
  return boolean_value(compare_integers(a, b) > 0);
}

// Values typed Object (the keys of a Map!(Object, V)) reach `==` with an
// argument of any type, which is then not equal; a Nil receiver (after `!`)
// compares by identity, as Nil's own `==` does.
InkoValue inko_integer_eq(InkoProcess*, InkoValue a, InkoValue b) {
  if (kind_of(a) != INKO_KIND_INTEGER || kind_of(b) != INKO_KIND_INTEGER)
    return boolean_value(a == b);
  return boolean_value(compare_integers(a, b) == 0);
}

InkoValue inko_integer_ge(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, ">="))
    return nil_value();
  return boolean_value(compare_integers(a, b) >= 0);
}

InkoValue inko_integer_le(InkoProcess* process, InkoValue a, InkoValue b) {
  if (!both_small(a, b) && !integer_operands(process, a, b, "<="))
    return nil_value();
  return boolean_value(compare_integers(a, b) <= 0);
}

} // extern "C"
