// Tests of BigInt arithmetic on its own (no processes): known values from
// Python, and randomised identities over operands of 0 to 80 limbs (large
// enough to take the Karatsuba and Knuth division paths).
#include "builtins/big_integer.h"

#include <doctest/doctest.h>
#include <random>

namespace inko {
namespace {

BigInt big(std::string_view decimal) {
  return *parse(decimal, 10);
}
std::string text(const BigInt& value) {
  return to_string(value, 10);
}

BigInt random_big(std::mt19937_64& random, std::size_t max_limbs) {
  BigInt out;
  std::size_t limbs = random() % (max_limbs + 1);
  for (std::size_t i = 0; i < limbs; ++i) {
    // Sparse and dense limbs both, to hit carries and borrows.
    switch (random() % 4) {
    case 0:
      out.limbs.push_back(0);
      break;
    case 1:
      out.limbs.push_back(UINT64_MAX);
      break;
    default:
      out.limbs.push_back(random());
    }
  }
  out.negative = random() % 2 == 0;
  out.trim();
  return out;
}

TEST_CASE("big integers: known values") {
  BigInt product = BigInt::from_int64(1);
  for (int i = 2; i <= 50; ++i)
    product = multiply(product, BigInt::from_int64(i));
  CHECK(text(product) == "30414093201713378043612608166064768844377641568960512000000000000");

  BigInt factorial30 = BigInt::from_int64(1);
  for (int i = 2; i <= 30; ++i)
    factorial30 = multiply(factorial30, BigInt::from_int64(i));
  CHECK(to_string(factorial30, 16) == "d13f6370f96865df5dd54000000");

  BigInt minus_two_200 = negate(shift_left(BigInt::from_int64(1), 200));
  DivMod by_seven = divide_floored(minus_two_200, BigInt::from_int64(7));
  CHECK(text(by_seven.quotient) == "-229562577751284325077423156048737514646028999111827547900197");
  CHECK(text(by_seven.remainder) == "3");

  BigInt a = add(shift_left(BigInt::from_int64(1), 130), BigInt::from_int64(5));
  BigInt b = negate(add(shift_left(BigInt::from_int64(1), 65), BigInt::from_int64(3)));
  DivMod mixed = divide_floored(a, b);
  CHECK(text(mixed.quotient) == "-36893488147419103230");
  CHECK(text(mixed.remainder) == "-36893488147419103221");

  BigInt minus_two_100 = negate(shift_left(BigInt::from_int64(1), 100));
  CHECK(text(bit_and(minus_two_100, subtract(shift_left(BigInt::from_int64(1), 70),
                                             BigInt::from_int64(1)))) == "0");
  CHECK(text(bit_or(minus_two_100, BigInt::from_int64(12345))) ==
        "-1267650600228229401496703193031");
  CHECK(text(bit_xor(minus_two_100, BigInt::from_int64(-12345))) ==
        "1267650600228229401496703193031");
  CHECK(text(shift_right(minus_two_100, 3)) == "-158456325028528675187087900672");
  CHECK(text(shift_right(subtract(minus_two_100, BigInt::from_int64(1)), 64)) == "-68719476737");
  CHECK(text(shift_right(minus_two_100, 1000)) == "-1");
  CHECK(text(shift_right(negate(minus_two_100), 1000)) == "0");
  CHECK(text(power(BigInt::from_int64(3), 100)) ==
        "515377520732011331036461129765621272702107522001");
}

TEST_CASE("big integers: text in every radix") {
  BigInt value = big("-123456789012345678901234567890123456789");
  for (int radix = 2; radix <= 36; ++radix) {
    std::string digits = to_string(value, radix);
    std::optional<BigInt> back = parse(digits, radix);
    REQUIRE(back.has_value());
    CHECK(compare(*back, value) == 0);
  }
  CHECK(to_string(BigInt(), 7) == "0");
  CHECK(text(*parse("+00042", 10)) == "42");
  CHECK(text(*parse("-0", 10)) == "0");
  CHECK(text(*parse("FfFfFfFfFfFfFfFfFf", 16)) == "4722366482869645213695");
  CHECK(!parse("", 10));
  CHECK(!parse("-", 10));
  CHECK(!parse("12a", 10));
  CHECK(!parse("1_000", 10));
  CHECK(!parse(" 1", 10));
  CHECK(!parse("2", 2));
  CHECK(text(*parse("zz", 36)) == "1295");
}

TEST_CASE("big integers: conversion to and from double") {
  // 2^64 + 2^11 + 1 rounds up (sticky bit), 2^64 + 2^11 is a tie to even.
  BigInt two_64 = shift_left(BigInt::from_int64(1), 64);
  CHECK(to_double(add(two_64, BigInt::from_int64(2049))) == 0x1.0000000000001p+64);
  CHECK(to_double(add(two_64, BigInt::from_int64(2048))) == 0x1.0p+64);
  CHECK(to_double(add(two_64, BigInt::from_int64(3 * 2048))) == 0x1.0000000000002p+64);
  BigInt low_sticky =
      add(shift_left(add(two_64, BigInt::from_int64(2048)), 100), BigInt::from_int64(1));
  CHECK(to_double(low_sticky) == 0x1.0000000000001p+164);
  CHECK(to_double(negate(shift_left(BigInt::from_int64(1), 1100))) == -HUGE_VAL);
  CHECK(to_double(shift_left(BigInt::from_int64(1), 1023)) == 0x1p+1023);
  CHECK(text(from_double(1e20)) == "100000000000000000000");
  CHECK(text(from_double(-1.5e19)) == "-15000000000000000000");
  CHECK(text(from_double(0x1.fffffffffffffp+1023)).size() == 309);
  CHECK(text(from_double(-0.9)) == "0");
}

TEST_CASE("big integers: randomised identities") {
  std::mt19937_64 random(42);
  for (int round = 0; round < 400; ++round) {
    BigInt a = random_big(random, 80);
    BigInt b = random_big(random, round % 2 == 0 ? 80 : 3);
    // (a + b) - b == a, a * b / b == a
    CHECK(compare(subtract(add(a, b), b), a) == 0);
    if (!b.is_zero()) {
      DivMod exact = divide_floored(multiply(a, b), b);
      CHECK(compare(exact.quotient, a) == 0);
      CHECK(exact.remainder.is_zero());
      // a == q * b + r, r has b's sign and |r| < |b|
      DivMod result = divide_floored(a, b);
      CHECK(compare(add(multiply(result.quotient, b), result.remainder), a) == 0);
      if (!result.remainder.is_zero()) {
        CHECK(result.remainder.negative == b.negative);
        BigInt r = result.remainder, d = b;
        r.negative = d.negative = false;
        CHECK(compare(r, d) < 0);
      }
    }
    // Karatsuba against the square computed as (a + b)^2 - 2ab - b^2.
    BigInt square = multiply(a, a);
    BigInt expanded = subtract(
        subtract(multiply(add(a, b), add(a, b)), multiply(BigInt::from_int64(2), multiply(a, b))),
        multiply(b, b));
    CHECK(compare(square, expanded) == 0);
    // Two's complement: (a & b) + (a | b) == a + b, (a ^ b) ^ b == a.
    CHECK(compare(add(bit_and(a, b), bit_or(a, b)), add(a, b)) == 0);
    CHECK(compare(bit_xor(bit_xor(a, b), b), a) == 0);
    // Shifts: (a << n) >> n == a; a >> n == floor(a / 2^n).
    uint64_t bits = random() % 300;
    CHECK(compare(shift_right(shift_left(a, bits), bits), a) == 0);
    CHECK(compare(shift_right(a, bits),
                  divide_floored(a, shift_left(BigInt::from_int64(1), bits)).quotient) == 0);
    CHECK(compare(*parse(to_string(a, 10), 10), a) == 0);
  }
}

} // namespace
} // namespace inko
