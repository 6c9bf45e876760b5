// Tests of the Float intrinsics (L101): to_string's positional shortest
// digits, parse, approximate ==, rounding, to_integer and its panics.
#include "builtins/float.h"
#include "builtins/test_support.h"

#include <bit>
#include <cmath>
#include <limits>

namespace inko::testing {
namespace {

TEST_CASE("floats: to_string is positional with the shortest round-trip digits") {
  CHECK(float_to_string(1.0) == "1.0");
  CHECK(float_to_string(1.5) == "1.5");
  CHECK(float_to_string(0.1) == "0.1");
  CHECK(float_to_string(-2.25) == "-2.25");
  CHECK(float_to_string(1e20) == "100000000000000000000.0");
  CHECK(float_to_string(1e-7) == "0.0000001");
  CHECK(float_to_string(1.0 / 3.0) == "0.3333333333333333");
  CHECK(float_to_string(123456789.0) == "123456789.0");
  CHECK(float_to_string(0.0) == "0.0");
  CHECK(float_to_string(-0.0) == "-0.0");
  CHECK(float_to_string(std::nan("")) == "NaN");
  CHECK(float_to_string(HUGE_VAL) == "Infinity");
  CHECK(float_to_string(-HUGE_VAL) == "-Infinity");
  CHECK(float_to_string(5e-324) == "0." + std::string(323, '0') + "5");
  std::string largest = float_to_string(std::numeric_limits<double>::max());
  CHECK(largest.starts_with("17976931348623157"));
  CHECK(largest.size() == 309 + 2);
  // Every output parses back to the same double.
  for (double value : {0.1, 1e22, 1e23, 2.5e-5, 9007199254740993.0, 3.141592653589793})
    CHECK(*float_parse(float_to_string(value)) == value);
}

TEST_CASE("floats: parse") {
  CHECK(*float_parse("1.5") == 1.5);
  CHECK(*float_parse("-1.5") == -1.5);
  CHECK(*float_parse("+2") == 2.0);
  CHECK(*float_parse("1e3") == 1000.0);
  CHECK(*float_parse("1.5E-3") == 0.0015);
  CHECK(*float_parse(".5") == 0.5);
  CHECK(*float_parse("5.") == 5.0);
  CHECK(*float_parse("Infinity") == HUGE_VAL);
  CHECK(*float_parse("-Infinity") == -HUGE_VAL);
  CHECK(std::isnan(*float_parse("NaN")));
  CHECK(*float_parse("1e400") == HUGE_VAL);
  CHECK(*float_parse("-1e-400") == 0.0);
  for (const char* bad : {"", ".", "e5", "1e", "1.5.2", " 1", "1 ", "0x10", "1_0", "abc", "--1"})
    CHECK(!float_parse(bad));
  in_process([](InkoProcess* p) {
    CHECK(float_of(inko_float_parse(p, str(p, "2.5"))) == 2.5);
    CHECK(is_nil(inko_float_parse(p, str(p, "2.5x"))));
  });
}

TEST_CASE("floats: == within 2 ULPs, NaN never equal") {
  CHECK(float_equal(0.1 + 0.2, 0.3));
  CHECK(float_equal(1.0, std::nextafter(std::nextafter(1.0, 2.0), 2.0)));
  CHECK(!float_equal(1.0, std::nextafter(std::nextafter(std::nextafter(1.0, 2.0), 2.0), 2.0)));
  CHECK(float_equal(0.0, -0.0));
  CHECK(!float_equal(std::nan(""), std::nan("")));
  CHECK(float_equal(HUGE_VAL, HUGE_VAL));
  CHECK(!float_equal(HUGE_VAL, -HUGE_VAL));
  CHECK(!float_equal(5e-324, -5e-324));
  in_process([](InkoProcess* p) {
    CHECK(truthy(inko_float_eq(p, flt(p, 1.0), flt(p, 1.0))));
    CHECK(!truthy(inko_float_eq(p, flt(p, 1.0), flt(p, 1.5))));
  });
}

TEST_CASE("floats: arithmetic, comparison and rounding") {
  in_process([](InkoProcess* p) {
    CHECK(float_of(inko_float_add(p, flt(p, 1.5), flt(p, 2.0))) == 3.5);
    CHECK(float_of(inko_float_sub(p, flt(p, 1.5), flt(p, 2.0))) == -0.5);
    CHECK(float_of(inko_float_mul(p, flt(p, 1.5), flt(p, 2.0))) == 3.0);
    CHECK(float_of(inko_float_div(p, flt(p, 1.0), flt(p, 0.0))) == HUGE_VAL);
    CHECK(std::isnan(float_of(inko_float_div(p, flt(p, 0.0), flt(p, 0.0)))));
    CHECK(float_of(inko_float_mod(p, flt(p, -7.5), flt(p, 2.0))) == -1.5);
    CHECK(truthy(inko_float_lt(p, flt(p, 1.0), flt(p, 2.0))));
    CHECK(!truthy(inko_float_lt(p, flt(p, std::nan("")), flt(p, 2.0))));
    CHECK(truthy(inko_float_ge(p, flt(p, 2.0), flt(p, 2.0))));
    CHECK(truthy(inko_float_is_nan(p, flt(p, std::nan("")))));
    CHECK(truthy(inko_float_is_infinite(p, flt(p, -HUGE_VAL))));
    CHECK(float_of(inko_float_floor(p, flt(p, -1.5))) == -2.0);
    CHECK(float_of(inko_float_ceil(p, flt(p, -1.5))) == -1.0);
    CHECK(float_of(inko_float_absolute(p, flt(p, -1.5))) == 1.5);
    auto round = [&](double value, int64_t digits) {
      return float_of(inko_float_round(p, flt(p, value), small_value(digits)));
    };
    CHECK(round(2.5, 0) == 3.0);
    CHECK(round(-2.5, 0) == -3.0);
    CHECK(round(1.2345, 2) == 1.23);
    CHECK(round(1.235, 2) == 1.24);
    CHECK(round(1234.5, -2) == 1200.0);
    CHECK(round(1e308, 10) == 1e308); // not finite when scaled: unchanged
    InkoValue value = flt(p, 1.5);
    CHECK(inko_float_round(p, value, num(p, "100000000000")) == value);
    CHECK(float_of(inko_float_round(p, flt(p, 1.5), small_value(400))) == 1.5);
    CHECK(std::isnan(round(1.5, -324))); // 10^-324 is 0.0: 0.0 / 0.0
    CHECK(round(1.5, -323) == 0.0);
  });
}

TEST_CASE("floats: to_bits and to_integer") {
  in_process([](InkoProcess* p) {
    CHECK(dec(p, inko_float_to_bits(p, flt(p, -1.5))) == "13832806255468478464");
    CHECK(inko_float_to_bits(p, flt(p, 0.0)) == small_value(0));
    // Made-up NaNs of either sign read as x86-64's; payloads are kept.
    CHECK(dec(p, inko_float_to_bits(p, flt(p, std::nan("")))) == "18444492273895866368");
    CHECK(dec(p, inko_float_to_bits(p, flt(p, -std::nan("")))) == "18444492273895866368");
    CHECK(dec(p, inko_float_to_bits(p, flt(p, std::bit_cast<double>(0x7FF8000000000001ULL)))) ==
          "9221120237041090561");
    CHECK(inko_float_to_integer(p, flt(p, -2.9)) == small_value(-2));
    CHECK(inko_float_to_integer(p, flt(p, 2.9)) == small_value(2));
    CHECK(dec(p, inko_float_to_integer(p, flt(p, 1e20))) == "100000000000000000000");
    CHECK(dec(p, inko_float_to_integer(p, flt(p, -4611686018427387904.0))) ==
          "-4611686018427387904");
    CHECK(is_small(inko_float_to_integer(p, flt(p, -4611686018427387904.0))));
  });
  CHECK(panic_message([](InkoProcess* p) { inko_float_to_integer(p, flt(p, std::nan(""))); }) ==
        "A NaN can not be converted to an Integer");
  CHECK(panic_message([](InkoProcess* p) { inko_float_to_integer(p, flt(p, -HUGE_VAL)); }) ==
        "An infinite Float can not be converted to an Integer");
}

TEST_CASE("floats: to_string intrinsic") {
  in_process([](InkoProcess* p) {
    CHECK(text(inko_float_to_string(p, flt(p, 1e-7))) == "0.0000001");
    CHECK(text(inko_float_to_string(p, flt(p, -2.25))) == "-2.25");
  });
}

} // namespace
} // namespace inko::testing
