// Tests of the Integer intrinsics (L100): small results stay small, results
// outside -2^62 .. 2^62 - 1 become big integers and come back, floored
// division and modulo, two's-complement bitwise operations, shifts, text
// conversion and the panics.
#include "builtins/test_support.h"

#include <cmath>

namespace inko::testing {
namespace {

constexpr int64_t kMax = kSmallMax; //  2^62 - 1
constexpr int64_t kMin = kSmallMin; // -2^62

TEST_CASE("integers: small results stay small, others become big and come back") {
  in_process([](InkoProcess* p) {
    InkoValue max = small_value(kMax);
    InkoValue big = inko_integer_add(p, max, small_value(1));
    CHECK(!is_small(big));
    CHECK(dec(p, big) == "4611686018427387904");
    InkoValue back = inko_integer_sub(p, big, small_value(1));
    CHECK(back == max); // normalised: the same tagged word
    CHECK(dec(p, inko_integer_sub(p, small_value(kMin), small_value(1))) == "-4611686018427387905");
    CHECK(is_small(inko_integer_add(p, small_value(kMin), small_value(0))));
    // -2^62 is small, 2^62 is not.
    CHECK(is_small(num(p, "-4611686018427387904")));
    CHECK(!is_small(num(p, "4611686018427387904")));
    CHECK(dec(p, inko_integer_mul(p, max, max)) == "21267647932558653957237540927630737409");
    // 9_223_372_036_854_775_807 + 1 is exact.
    CHECK(dec(p, inko_integer_add(p, num(p, "9223372036854775807"), small_value(1))) ==
          "9223372036854775808");
    // A big product divided back is small again.
    InkoValue square = inko_integer_mul(p, max, max);
    CHECK(inko_integer_div(p, square, max) == max);
    CHECK(inko_integer_mod(p, square, max) == small_value(0));
    // -2^62 / -1 = 2^62 leaves the small range.
    CHECK(dec(p, inko_integer_div(p, small_value(kMin), small_value(-1))) == "4611686018427387904");
    CHECK(dec(p, inko_integer_mul(p, small_value(kMin), small_value(-1))) == "4611686018427387904");
  });
}

TEST_CASE("integers: a big integer times a small one, in both orders and signs") {
  in_process([](InkoProcess* p) {
    InkoValue big = num(p, "18446744073709551617"); // 2^64 + 1: two limbs
    CHECK(dec(p, inko_integer_mul(p, big, small_value(3))) == "55340232221128654851");
    CHECK(dec(p, inko_integer_mul(p, small_value(-3), big)) == "-55340232221128654851");
    CHECK(dec(p, inko_integer_mul(p, num(p, "-18446744073709551617"), small_value(-2))) ==
          "36893488147419103234");
    // The top limb carries into a new one.
    CHECK(dec(p, inko_integer_mul(p, num(p, "340282366920938463463374607431768211455"),
                                  small_value(kMax))) ==
          "1569275433846670190618664988880978140557602567665813028865");
    // No carry: the result keeps the operand's limb count.
    CHECK(dec(p, inko_integer_mul(p, num(p, "36893488147419103232"), small_value(2))) ==
          "73786976294838206464");
    // Factors 0, 1 and -1, including 2^62 * -1 = -2^62, which is small.
    CHECK(inko_integer_mul(p, big, small_value(0)) == small_value(0));
    CHECK(dec(p, inko_integer_mul(p, small_value(1), big)) == "18446744073709551617");
    CHECK(inko_integer_mul(p, num(p, "4611686018427387904"), small_value(-1)) == small_value(kMin));
  });
}

TEST_CASE("integers: floored division and modulo") {
  in_process([](InkoProcess* p) {
    auto div = [&](int64_t a, int64_t b) {
      return small_of(inko_integer_div(p, small_value(a), small_value(b)));
    };
    auto mod = [&](int64_t a, int64_t b) {
      return small_of(inko_integer_mod(p, small_value(a), small_value(b)));
    };
    CHECK(div(-7, 2) == -4);
    CHECK(div(7, -2) == -4);
    CHECK(div(-7, -2) == 3);
    CHECK(div(7, 2) == 3);
    CHECK(div(-8, 2) == -4);
    CHECK(mod(-7, 2) == 1);
    CHECK(mod(7, -2) == -1);
    CHECK(mod(-7, -2) == -1);
    CHECK(mod(7, 2) == 1);
    CHECK(mod(-8, 2) == 0);
    // Big operands follow the same rules.
    InkoValue big = num(p, "-100000000000000000000000");
    CHECK(dec(p, inko_integer_div(p, big, small_value(7))) == "-14285714285714285714286");
    CHECK(dec(p, inko_integer_mod(p, big, small_value(7))) == "2");
    CHECK(dec(p, inko_integer_mod(p, small_value(5), big)) == "-99999999999999999999995");
    CHECK(dec(p, inko_integer_div(p, small_value(5), big)) == "-1");
  });
  CHECK(panic_message([](InkoProcess* p) {
          inko_integer_div(p, small_value(1), small_value(0));
        }) == "Can not divide an Integer by 0");
  CHECK(panic_message([](InkoProcess* p) {
          inko_integer_mod(p, num(p, "100000000000000000000000"), small_value(0));
        }) == "Can not divide an Integer by 0");
}

TEST_CASE("integers: bitwise operations use infinite two's complement") {
  in_process([](InkoProcess* p) {
    CHECK(inko_integer_xor(p, small_value(-2), small_value(-255)) == small_value(255));
    CHECK(inko_integer_and(p, small_value(-8), small_value(13)) == small_value(8));
    CHECK(inko_integer_or(p, small_value(-8), small_value(3)) == small_value(-5));
    InkoValue big = num(p, "-1267650600228229401496703205376"); // -2^100
    CHECK(dec(p, inko_integer_or(p, big, small_value(12345))) ==
          "-1267650600228229401496703193031");
    CHECK(dec(p, inko_integer_and(p, big, small_value(-1))) == dec(p, big));
    CHECK(inko_integer_and(p, big, small_value(kMax)) == small_value(0));
    CHECK(dec(p, inko_integer_xor(p, big, big)) == "0");
  });
}

TEST_CASE("integers: shifts") {
  in_process([](InkoProcess* p) {
    auto shl = [&](int64_t a, int64_t b) {
      return inko_integer_shl(p, small_value(a), small_value(b));
    };
    auto shr = [&](int64_t a, int64_t b) {
      return inko_integer_shr(p, small_value(a), small_value(b));
    };
    CHECK(shl(2, -1) == small_value(1));
    CHECK(shr(1, -1) == small_value(2));
    CHECK(shr(-1, 1) == small_value(-1));
    CHECK(shr(-7, 1) == small_value(-4));
    CHECK(shr(-7, 100) == small_value(-1));
    CHECK(shr(7, 100) == small_value(0));
    CHECK(shl(1, 61) == small_value(int64_t{1} << 61));
    CHECK(dec(p, shl(1, 62)) == "4611686018427387904");
    CHECK(dec(p, shl(1, 64)) == "18446744073709551616");
    CHECK(dec(p, shl(-3, 100)) == "-3802951800684688204490109616128");
    CHECK(inko_integer_shr(p, shl(-3, 100), small_value(100)) == small_value(-3));
    CHECK(inko_integer_shr(p, shl(1, 200), small_value(199)) == small_value(2));
    CHECK(shl(0, 1000) == small_value(0));
  });
  CHECK(panic_message([](InkoProcess* p) {
          inko_integer_shl(p, small_value(1), small_value(int64_t{1} << 31));
        }) == "The shift amount 2147483648 is outside the 32-bit range");
  CHECK(panic_message([](InkoProcess* p) {
          inko_integer_shr(p, small_value(1), num(p, "-100000000000000000000"));
        }) == "The shift amount -100000000000000000000 is outside the 32-bit range");
  CHECK(panic_message([](InkoProcess* p) {
          inko_integer_shr(p, small_value(1), small_value(INT32_MIN));
        }) == "");
}

TEST_CASE("integers: pow") {
  in_process([](InkoProcess* p) {
    CHECK(inko_integer_pow(p, small_value(2), small_value(10)) == small_value(1024));
    CHECK(dec(p, inko_integer_pow(p, small_value(3), small_value(100))) ==
          "515377520732011331036461129765621272702107522001");
    CHECK(inko_integer_pow(p, small_value(7), small_value(0)) == small_value(1));
    CHECK(inko_integer_pow(p, small_value(-1), num(p, "100000000000000000001")) == small_value(-1));
    CHECK(inko_integer_pow(p, small_value(0), num(p, "100000000000000000001")) == small_value(0));
  });
  CHECK(panic_message([](InkoProcess* p) {
          inko_integer_pow(p, small_value(2), small_value(-1));
        }) == "An Integer can not be raised to a negative power");
}

TEST_CASE("integers: comparisons by value across representations") {
  in_process([](InkoProcess* p) {
    InkoValue big = num(p, "100000000000000000000");
    InkoValue negative_big = num(p, "-100000000000000000000");
    CHECK(truthy(inko_integer_lt(p, small_value(kMax), big)));
    CHECK(truthy(inko_integer_gt(p, small_value(kMin), negative_big)));
    CHECK(truthy(inko_integer_eq(p, big, num(p, "100000000000000000000"))));
    CHECK(!truthy(inko_integer_eq(p, big, negative_big)));
    CHECK(truthy(inko_integer_le(p, big, big)));
    CHECK(truthy(inko_integer_ge(p, small_value(3), small_value(3))));
    CHECK(!truthy(inko_integer_lt(p, small_value(3), small_value(-3))));
  });
}

TEST_CASE("integers, floats, strings: equal to no value of another type") {
  in_process([](InkoProcess* p) {
    InkoValue big = num(p, "100000000000000000000");
    CHECK(!truthy(inko_integer_eq(p, small_value(1), str(p, "1"))));
    CHECK(!truthy(inko_integer_eq(p, big, flt(p, 1e20))));
    CHECK(!truthy(inko_float_eq(p, flt(p, 1.0), small_value(1))));
    CHECK(!truthy(inko_float_eq(p, flt(p, 1.0), str(p, "1.0"))));
    CHECK(!truthy(inko_string_equals(p, str(p, "1"), small_value(1))));
    CHECK(!truthy(inko_string_equals(p, str(p, "1"), big)));
  });
}

TEST_CASE("integers: a Nil receiver answers Nil, another argument panics") {
  in_process([](InkoProcess* p) {
    InkoValue big = num(p, "100000000000000000000");
    CHECK(is_nil(inko_integer_add(p, nil_value(), small_value(1))));
    CHECK(is_nil(inko_integer_lt(p, nil_value(), big)));
    CHECK(is_nil(inko_integer_shl(p, nil_value(), small_value(1))));
    CHECK(!truthy(inko_integer_eq(p, nil_value(), small_value(1))));
  });
  CHECK(panic_message([](InkoProcess* p) { inko_integer_add(p, small_value(1), nil_value()); }) ==
        "The argument of Integer.+ must be an Integer, not a value of type NilType");
  CHECK(panic_message([](InkoProcess* p) {
          inko_integer_lt(p, num(p, "100000000000000000000"), flt(p, 1.5));
        }) == "The argument of Integer.< must be an Integer, not a value of type Float");
}

TEST_CASE("integers: to_string, format and parse") {
  in_process([](InkoProcess* p) {
    CHECK(text(inko_integer_to_string(p, small_value(-42))) == "-42");
    CHECK(text(inko_integer_to_string(p, small_value(0))) == "0");
    CHECK(text(inko_integer_format(p, small_value(0x2ff), small_value(16))) == "2ff");
    CHECK(text(inko_integer_format(p, small_value(-255), small_value(2))) == "-11111111");
    CHECK(text(inko_integer_format(p, small_value(35), small_value(36))) == "z");
    CHECK(text(inko_integer_format(p, num(p, "-1180591620717411303424"), small_value(16))) ==
          "-400000000000000000");
    CHECK(inko_integer_parse(p, str(p, "ff"), small_value(16)) == small_value(255));
    CHECK(inko_integer_parse(p, str(p, "-FF"), small_value(16)) == small_value(-255));
    CHECK(inko_integer_parse(p, str(p, "+12"), small_value(10)) == small_value(12));
    CHECK(dec(p, inko_integer_parse(p, str(p, "zzzzzzzzzzzzzzzz"), small_value(36))) ==
          "7958661109946400884391935");
    CHECK(dec(p, inko_integer_parse(p, str(p, "170141183460469231731687303715884105727"),
                                    small_value(10))) == "170141183460469231731687303715884105727");
    for (const char* bad : {"", "-", "+", "1_0", " 1", "1 ", "0x10", "12a", "+-1", "--1", "é"})
      CHECK(is_nil(inko_integer_parse(p, str(p, bad), small_value(10))));
    CHECK(is_nil(inko_integer_parse(p, str(p, "2"), small_value(2))));
  });
  CHECK(panic_message([](InkoProcess* p) {
          inko_integer_format(p, small_value(1), small_value(37));
        }) == "The radix must be between 2 and 36, not 37");
  CHECK(panic_message([](InkoProcess* p) { inko_integer_parse(p, str(p, "1"), small_value(1)); }) ==
        "The radix must be between 2 and 36, not 1");
}

TEST_CASE("integers: to_float") {
  in_process([](InkoProcess* p) {
    CHECK(float_of(inko_integer_to_float(p, small_value(-3))) == -3.0);
    CHECK(float_of(inko_integer_to_float(p, num(p, "100000000000000000000"))) == 1e20);
    CHECK(float_of(inko_integer_to_float(
              p, inko_integer_shl(p, small_value(1), small_value(2000)))) == HUGE_VAL);
  });
}

} // namespace
} // namespace inko::testing
