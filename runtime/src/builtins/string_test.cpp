// Tests of the String intrinsics (L102): characters versus bytes with
// multi-byte UTF-8, negative indices, slicing, splitting, case mapping and
// the panics.
#include "builtins/test_support.h"

namespace inko::testing {
namespace {

std::vector<std::string> texts(InkoValue array) {
  std::vector<std::string> out;
  auto* values = reinterpret_cast<InkoArray*>(array);
  for (uint64_t i = 0; i < values->length; ++i)
    out.push_back(text(values->values[i]));
  return out;
}

std::string bytes(InkoValue byte_array) {
  auto* array = reinterpret_cast<InkoByteArray*>(byte_array);
  return std::string(reinterpret_cast<const char*>(array->bytes), array->length);
}

TEST_CASE("strings: length in characters, size in bytes, byte(i)") {
  in_process([](InkoProcess* p) {
    InkoValue cookies = str(p, "쿠키");
    CHECK(inko_string_length(p, cookies) == small_value(2));
    CHECK(inko_string_size(p, cookies) == small_value(6));
    CHECK(inko_string_length(p, str(p, "")) == small_value(0));
    CHECK(inko_string_length(p, str(p, "a😀é")) == small_value(3));
    InkoValue abc = str(p, "abc");
    CHECK(inko_string_byte(p, abc, small_value(0)) == small_value('a'));
    CHECK(inko_string_byte(p, abc, small_value(-1)) == small_value('c'));
    CHECK(inko_string_byte(p, abc, small_value(-4)) == small_value('c')); // -4 mod 3 = 2
    CHECK(inko_string_byte(p, cookies, small_value(0)) == small_value(0xEC));
  });
  CHECK(panic_message([](InkoProcess* p) { inko_string_byte(p, str(p, "abc"), small_value(3)); }) ==
        "The byte index 3 is out of bounds for a String of 3 bytes");
  CHECK(panic_message([](InkoProcess* p) { inko_string_byte(p, str(p, ""), small_value(-1)); }) ==
        "The byte index -1 is out of bounds for a String of 0 bytes");
  CHECK(panic_message([](InkoProcess* p) {
          inko_string_byte(p, str(p, "abc"), num(p, "10000000000000000000"));
        }) == "The index 10000000000000000000 is outside the 64-bit range");
}

TEST_CASE("strings: slice in characters, slice_bytes in bytes") {
  in_process([](InkoProcess* p) {
    auto slice = [&](const char* s, int64_t start, int64_t length) {
      return text(inko_string_slice(p, str(p, s), small_value(start), small_value(length)));
    };
    CHECK(slice("hello", 1, 3) == "ell");
    CHECK(slice("hello", -3, 2) == "ll");
    CHECK(slice("hello", 3, 100) == "lo");
    CHECK(slice("hello", 5, 1) == "");
    CHECK(slice("hello", 0, 0) == "");
    CHECK(slice("", -1, 3) == "");
    CHECK(slice("쿠키와 우유", 1, 3) == "키와 ");
    CHECK(slice("쿠키와 우유", -2, 2) == "우유");
    CHECK(slice("a😀é", 1, 1) == "😀");
    CHECK(slice("a😀é", 2, 5) == "é");
    CHECK(text(inko_string_slice(p, str(p, "ab"), small_value(0),
                                 num(p, "100000000000000000000"))) == "ab");
    auto slice_bytes = [&](const char* s, int64_t start, int64_t length) {
      return bytes(inko_string_slice_bytes(p, str(p, s), small_value(start), small_value(length)));
    };
    CHECK(slice_bytes("쿠키", 0, 3) == "쿠");
    CHECK(slice_bytes("hello", -2, 5) == "lo");
    CHECK(slice_bytes("hello", 9, 5) == "");
    CHECK(bytes(inko_string_to_byte_array(p, str(p, "é!"))) == "é!");
  });
  CHECK(panic_message([](InkoProcess* p) {
          inko_string_slice(p, str(p, "abc"), small_value(0), small_value(-1));
        }) == "The slice length must be zero or greater");
  CHECK(panic_message([](InkoProcess* p) {
          inko_string_slice_bytes(p, str(p, "abc"), small_value(0), small_value(-1));
        }) == "The slice length must be zero or greater");
}

TEST_CASE("strings: comparison and concatenation") {
  in_process([](InkoProcess* p) {
    CHECK(truthy(inko_string_equals(p, str(p, "ä"), str(p, "ä"))));
    CHECK(!truthy(inko_string_equals(p, str(p, "a"), str(p, "ab"))));
    // No normalisation: precomposed and decomposed ä differ.
    CHECK(!truthy(inko_string_equals(p, str(p, "\xC3\xA4"), str(p, "a\xCC\x88"))));
    CHECK(truthy(inko_string_starts_with(p, str(p, "hello"), str(p, "he"))));
    CHECK(truthy(inko_string_starts_with(p, str(p, "hello"), str(p, ""))));
    CHECK(!truthy(inko_string_starts_with(p, str(p, "he"), str(p, "hello"))));
    CHECK(truthy(inko_string_ends_with(p, str(p, "hello"), str(p, "llo"))));
    CHECK(!truthy(inko_string_ends_with(p, str(p, "hello"), str(p, "he"))));
    CHECK(text(inko_string_concat(p, str(p, "쿠"), str(p, "키"))) == "쿠키");
    CHECK(text(inko_string_concat(p, str(p, ""), str(p, ""))) == "");
    InkoValue pieces[] = {str(p, "a"), str(p, ""), str(p, "bc"), str(p, "é")};
    InkoValue array = inko_array_from_values(p, 4, pieces);
    CHECK(text(inko_string_concat_array(p, array)) == "abcé");
  });
}

TEST_CASE("strings: a Nil receiver answers Nil, another argument panics") {
  in_process([](InkoProcess* p) {
    CHECK(is_nil(inko_string_concat(p, nil_value(), str(p, "a"))));
    CHECK(is_nil(inko_string_starts_with(p, nil_value(), str(p, "a"))));
    CHECK(is_nil(inko_string_split(p, nil_value(), str(p, ","))));
    CHECK(!truthy(inko_string_equals(p, nil_value(), str(p, ""))));
  });
  CHECK(panic_message([](InkoProcess* p) { inko_string_concat(p, str(p, "a"), nil_value()); }) ==
        "The argument of String.+ must be a String, not a value of type NilType");
  CHECK(panic_message([](InkoProcess* p) {
          inko_string_ends_with(p, str(p, "a"), small_value(1));
        }) == "The argument of String.ends_with? must be a String, not a value of type Integer");
}

TEST_CASE("strings: split follows 0.8.1") {
  in_process([](InkoProcess* p) {
    auto split = [&](const char* s, const char* separator) {
      return texts(inko_string_split(p, str(p, s), str(p, separator)));
    };
    using List = std::vector<std::string>;
    CHECK(split("a,b,c", ",") == List{"a", "b", "c"});
    CHECK(split("a,b,", ",") == List{"a", "b"});
    CHECK(split(",a", ",") == List{"", "a"});
    CHECK(split("a,,b", ",") == List{"a", "", "b"});
    CHECK(split("", ",").empty());
    CHECK(split("abc", "") == List{"abc"});
    CHECK(split("a", "a") == List{"a"});
    CHECK(split("ab", "abc") == List{"ab"});
    CHECK(split("a::b::c", "::") == List{"a", "b", "c"});
    CHECK(split("쿠,키", ",") == List{"쿠", "키"});
  });
}

TEST_CASE("strings: full Unicode case mapping") {
  in_process([](InkoProcess* p) {
    auto upper = [&](const char* s) { return text(inko_string_to_upper(p, str(p, s))); };
    auto lower = [&](const char* s) { return text(inko_string_to_lower(p, str(p, s))); };
    CHECK(upper("hello, World!") == "HELLO, WORLD!");
    CHECK(lower("HELLO, World!") == "hello, world!");
    CHECK(upper("aä") == "AÄ");
    CHECK(lower("AÄ") == "aä");
    CHECK(upper("straße") == "STRASSE");
    CHECK(upper("ﬁ") == "FI");
    CHECK(upper("ŉ") == "ʼN");
    CHECK(lower("İ") == "i̇");
    CHECK(upper("ǆ") == "Ǆ");
    CHECK(lower("ǅ") == "ǆ");
    CHECK(upper("\u0390") == "\u0399\u0308\u0301");
    CHECK(upper("ꞵ") == "Ꞵ");
    CHECK(upper("𐐨") == "𐐀");
    CHECK(lower("ΟΔΥΣΣΕΥΣ") == "οδυσσευς"); // final sigma
    CHECK(lower("Σ") == "σ");
    CHECK(lower("ΑΣ Β") == "ας β");
    CHECK(upper("쿠키") == "쿠키");
    CHECK(upper("") == "");
  });
}

} // namespace
} // namespace inko::testing
