// Arbitrary-precision integer arithmetic for Integer (LANGUAGE L100).
//
// BigInt is a computation value, not an Inko object: sign and magnitude,
// the magnitude in little-endian 64-bit limbs without leading zero limbs
// (zero is empty and never negative). Intrinsics convert Inko values into
// BigInts only when a small-integer fast path does not apply, compute, and
// turn the result back into a (normalised) Inko value (integer_value.h).
// Temporaries live in std::vector; nothing here touches a process heap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inko {

using Limb = uint64_t;

struct BigInt {
  bool negative = false;
  std::vector<Limb> limbs;

  bool is_zero() const { return limbs.empty(); }
  static BigInt from_int64(int64_t value);
  static BigInt from_uint64(uint64_t value);
  // Drops leading zero limbs; zero becomes non-negative.
  void trim();
};

// -1, 0 or 1.
int compare(const BigInt& a, const BigInt& b);

BigInt add(const BigInt& a, const BigInt& b);
BigInt subtract(const BigInt& a, const BigInt& b);
BigInt multiply(const BigInt& a, const BigInt& b);
BigInt negate(BigInt a);

// Floored division: the quotient rounds toward negative infinity and the
// remainder has the sign of the divisor. `b` must not be zero.
struct DivMod {
  BigInt quotient;
  BigInt remainder;
};
DivMod divide_floored(const BigInt& a, const BigInt& b);

// Bitwise operations on the infinite two's-complement representation.
BigInt bit_and(const BigInt& a, const BigInt& b);
BigInt bit_or(const BigInt& a, const BigInt& b);
BigInt bit_xor(const BigInt& a, const BigInt& b);

BigInt shift_left(const BigInt& a, uint64_t bits);
// Arithmetic: rounds toward negative infinity.
BigInt shift_right(const BigInt& a, uint64_t bits);

BigInt power(const BigInt& base, uint64_t exponent);

// Digits 0-9a-z in `radix` (2..36), a leading '-' for negatives.
std::string to_string(const BigInt& value, int radix);
// An optional '+' or '-' followed by at least one digit valid in `radix`
// (either case); nothing else.
std::optional<BigInt> parse(std::string_view text, int radix);

// The nearest double (ties to even); ±infinity beyond the double range.
double to_double(const BigInt& value);
// The finite `value` truncated toward zero.
BigInt from_double(double value);

// Building blocks for text conversion, on magnitudes: divides `limbs` in
// place by `divisor` (not zero) and returns the remainder; sets `limbs` to
// limbs * factor + addend.
Limb divide_in_place(std::vector<Limb>& limbs, Limb divisor);
void multiply_add_in_place(std::vector<Limb>& limbs, Limb factor, Limb addend);

// Number of bits of the magnitude (0 for zero).
uint64_t bit_length(const BigInt& value);

} // namespace inko
