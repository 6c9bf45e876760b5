// Tests of the Array and ByteArray intrinsics (L104): negative indices,
// reads past the end, writes that pad with Nil, ByteArray's value and index
// rules, decoding to String.
#include "builtins/test_support.h"
#include "memory/heap.h"

namespace inko::testing {
namespace {

InkoValue array_of(InkoProcess* p, std::initializer_list<int64_t> values) {
  std::vector<InkoValue> words;
  for (int64_t v : values)
    words.push_back(small_value(v));
  return inko_array_from_values(p, words.size(), words.data());
}

TEST_CASE("arrays: indexing, padding, removal") {
  in_process([](InkoProcess* p) {
    InkoValue array = array_of(p, {10, 20, 30});
    CHECK(inko_array_length(p, array) == small_value(3));
    CHECK(inko_array_at(p, array, small_value(0)) == small_value(10));
    CHECK(inko_array_at(p, array, small_value(-1)) == small_value(30));
    CHECK(inko_array_at(p, array, small_value(-4)) == small_value(30)); // floored modulo
    CHECK(is_nil(inko_array_at(p, array, small_value(3))));
    CHECK(inko_array_set(p, array, small_value(5), small_value(60)) == small_value(60));
    CHECK(inko_array_length(p, array) == small_value(6));
    CHECK(is_nil(inko_array_at(p, array, small_value(3))));
    CHECK(is_nil(inko_array_at(p, array, small_value(4))));
    CHECK(inko_array_set(p, array, small_value(-6), small_value(11)) == small_value(11));
    CHECK(inko_array_at(p, array, small_value(0)) == small_value(11));
    CHECK(inko_array_remove(p, array, small_value(1)) == small_value(20));
    CHECK(inko_array_at(p, array, small_value(1)) == small_value(30));
    CHECK(inko_array_length(p, array) == small_value(5));
    CHECK(is_nil(inko_array_remove(p, array, small_value(7))));
    CHECK(inko_array_remove(p, array, small_value(-1)) == small_value(60));
    CHECK(is_nil(inko_array_clear(p, array)));
    CHECK(inko_array_length(p, array) == small_value(0));
    CHECK(is_nil(inko_array_at(p, array, small_value(-1))));
    CHECK(is_nil(inko_array_remove(p, array, small_value(-1))));
    // Push is set at the length; growth keeps earlier values.
    for (int64_t i = 0; i < 1000; ++i)
      inko_array_set(p, array, inko_array_length(p, array), small_value(i));
    CHECK(inko_array_at(p, array, small_value(999)) == small_value(999));
    CHECK(inko_array_at(p, array, small_value(0)) == small_value(0));
    inko_array_reserve(p, array, small_value(5000));
    CHECK(reinterpret_cast<InkoArray*>(array)->capacity >= 6000);
    InkoValue empty = inko_array_from_values(p, 0, nullptr);
    inko_array_set(p, empty, small_value(-1), small_value(1));
    CHECK(inko_array_at(p, empty, small_value(0)) == small_value(1));
  });
  CHECK(panic_message([](InkoProcess* p) {
          inko_array_at(p, array_of(p, {1}), num(p, "-100000000000000000000"));
        }) == "The index -100000000000000000000 is outside the 64-bit range");
}

TEST_CASE("arrays: a permanent array keeps what it stores permanent") {
  in_process([](InkoProcess* p) {
    InkoValue constant = make_permanent(p, inko_array_from_values(p, 0, nullptr));
    REQUIRE(is_permanent(constant));
    InkoValue value = flt(p, 2.5);
    CHECK(inko_array_set(p, constant, small_value(0), value) == value);
    InkoValue stored = inko_array_at(p, constant, small_value(0));
    CHECK(is_permanent(stored));
    CHECK(float_of(stored) == 2.5);
    collect(p);
    CHECK(float_of(inko_array_at(p, constant, small_value(0))) == 2.5);
  });
}

TEST_CASE("byte arrays: values, indices and panics") {
  in_process([](InkoProcess* p) {
    InkoValue bytes = inko_byte_array_from_array(p, array_of(p, {0, 104, 255}));
    CHECK(inko_byte_array_length(p, bytes) == small_value(3));
    CHECK(inko_byte_array_at(p, bytes, small_value(2)) == small_value(255));
    CHECK(inko_byte_array_at(p, bytes, small_value(-3)) == small_value(0));
    CHECK(is_nil(inko_byte_array_at(p, bytes, small_value(3))));
    CHECK(inko_byte_array_set(p, bytes, small_value(3), small_value(7)) == small_value(7));
    CHECK(inko_byte_array_length(p, bytes) == small_value(4));
    CHECK(inko_byte_array_set(p, bytes, small_value(-1), small_value(8)) == small_value(8));
    CHECK(inko_byte_array_at(p, bytes, small_value(3)) == small_value(8));
    CHECK(inko_byte_array_remove(p, bytes, small_value(0)) == small_value(0));
    CHECK(inko_byte_array_at(p, bytes, small_value(0)) == small_value(104));
    CHECK(is_nil(inko_byte_array_remove(p, bytes, small_value(10))));
    InkoValue same = inko_byte_array_from_array(p, array_of(p, {104, 255, 8}));
    CHECK(truthy(inko_byte_array_equals(p, bytes, same)));
    // An argument of another type (through Object-typed values) is not equal.
    CHECK(!truthy(inko_byte_array_equals(p, bytes, array_of(p, {104, 255, 8}))));
    CHECK(!truthy(inko_byte_array_equals(p, bytes, small_value(104))));
    CHECK(!truthy(
        inko_byte_array_equals(p, bytes, inko_byte_array_from_array(p, array_of(p, {104})))));
    InkoValue slice = inko_byte_array_slice(p, bytes, small_value(-2), small_value(10));
    CHECK(truthy(
        inko_byte_array_equals(p, slice, inko_byte_array_from_array(p, array_of(p, {255, 8})))));
    CHECK(is_nil(inko_byte_array_clear(p, bytes)));
    CHECK(inko_byte_array_length(p, bytes) == small_value(0));
  });
  CHECK(panic_message([](InkoProcess* p) {
          inko_byte_array_from_array(p, array_of(p, {1, 256}));
        }) == "The value 256 is not a valid byte (0..255)");
  CHECK(panic_message([](InkoProcess* p) {
          InkoValue values[] = {flt(p, 1.0)};
          inko_byte_array_from_array(p, inko_array_from_values(p, 1, values));
        }) == "The value of type Float is not a valid byte (0..255)");
  CHECK(panic_message([](InkoProcess* p) {
          inko_byte_array_set(p, inko_byte_array_from_array(p, array_of(p, {1})), small_value(0),
                              small_value(-1));
        }) == "The value -1 is not a valid byte (0..255)");
  CHECK(panic_message([](InkoProcess* p) {
          inko_byte_array_set(p, inko_byte_array_from_array(p, array_of(p, {1})), small_value(2),
                              small_value(1));
        }) == "The index 2 is out of bounds for a ByteArray of length 1");
}

TEST_CASE("byte arrays: decoding replaces invalid UTF-8 with U+FFFD") {
  in_process([](InkoProcess* p) {
    auto decode = [&](std::initializer_list<int64_t> values) {
      return text(inko_byte_array_to_string(p, inko_byte_array_from_array(p, array_of(p, values))));
    };
    CHECK(decode({104, 105}) == "hi");
    CHECK(decode({0xEC, 0xBF, 0xA0}) == "쿠");
    CHECK(decode({0xFF, 104}) == "\uFFFDh");
    CHECK(decode({0xEC, 0xBF}) == "\uFFFD");                   // truncated: one maximal subpart
    CHECK(decode({0xED, 0xA0, 0x80}) == "\uFFFD\uFFFD\uFFFD"); // surrogate
    CHECK(decode({0xC0, 0xAF}) == "\uFFFD\uFFFD");             // overlong
    CHECK(decode({0xF4, 0x90, 0x80, 0x80}) == "\uFFFD\uFFFD\uFFFD\uFFFD"); // > U+10FFFF
    InkoValue bytes = inko_byte_array_from_array(p, array_of(p, {111, 107}));
    CHECK(text(inko_byte_array_drain_to_string(p, bytes)) == "ok");
    CHECK(inko_byte_array_length(p, bytes) == small_value(0));
  });
}

} // namespace
} // namespace inko::testing
