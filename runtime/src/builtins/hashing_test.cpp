// Tests of the default hasher (L105): value hashing for Integers, Floats
// and Strings, identity for other objects, keys, and copies of the state.
#include "builtins/test_support.h"

#include <cstring>
#include <functional>
#include <set>
#include <string>

namespace inko::testing {
namespace {

InkoValue hash_of(InkoProcess* p, std::initializer_list<InkoValue> values, int64_t key0 = 1,
                  int64_t key1 = 2) {
  InkoValue hasher = inko_hasher_new(p, small_value(key0), small_value(key1));
  for (InkoValue value : values)
    inko_hasher_write(p, hasher, value);
  return inko_hasher_to_hash(p, hasher);
}

TEST_CASE("hashing: by value for Integer, Float and String; identity otherwise") {
  in_process([](InkoProcess* p) {
    CHECK(hash_of(p, {small_value(42)}) == hash_of(p, {small_value(42)}));
    CHECK(hash_of(p, {small_value(42)}) != hash_of(p, {small_value(43)}));
    CHECK(hash_of(p, {num(p, "100000000000000000000")}) ==
          hash_of(p, {num(p, "100000000000000000000")}));
    CHECK(hash_of(p, {num(p, "100000000000000000000")}) !=
          hash_of(p, {num(p, "-100000000000000000000")}));
    CHECK(hash_of(p, {flt(p, 1.5)}) == hash_of(p, {flt(p, 1.5)}));
    CHECK(hash_of(p, {flt(p, 0.0)}) == hash_of(p, {flt(p, -0.0)}));
    CHECK(hash_of(p, {flt(p, 1.0)}) != hash_of(p, {small_value(1)}));
    CHECK(hash_of(p, {str(p, "key")}) == hash_of(p, {str(p, "key")}));
    CHECK(hash_of(p, {str(p, "key")}) != hash_of(p, {str(p, "kez")}));
    // Concatenation boundaries matter.
    CHECK(hash_of(p, {str(p, "ab"), str(p, "c")}) != hash_of(p, {str(p, "a"), str(p, "bc")}));
    InkoValue a = inko_array_from_values(p, 0, nullptr);
    InkoValue b = inko_array_from_values(p, 0, nullptr);
    CHECK(hash_of(p, {a}) == hash_of(p, {a}));
    CHECK(hash_of(p, {a}) != hash_of(p, {b}));
    CHECK(hash_of(p, {small_value(1)}, 1, 2) != hash_of(p, {small_value(1)}, 3, 4));
    // Results are small Integers.
    CHECK(is_small(hash_of(p, {str(p, "x")})));
    // to_hash does not reset; a copy of the state hashes on independently.
    InkoValue hasher = inko_hasher_new(p, small_value(7), small_value(8));
    inko_hasher_write(p, hasher, str(p, "one"));
    CHECK(inko_hasher_to_hash(p, hasher) == inko_hasher_to_hash(p, hasher));
    auto* state = reinterpret_cast<InkoByteArray*>(hasher);
    InkoValue copy = value_of(byte_array_new(
        p, std::string_view(reinterpret_cast<const char*>(state->bytes), state->length)));
    inko_hasher_write(p, copy, str(p, "two"));
    CHECK(inko_hasher_to_hash(p, copy) != inko_hasher_to_hash(p, hasher));
    inko_hasher_write(p, hasher, str(p, "two"));
    CHECK(inko_hasher_to_hash(p, copy) == inko_hasher_to_hash(p, hasher));
    // Spread: 10,000 consecutive integers give 10,000 different hashes.
    std::set<InkoValue> seen;
    for (int64_t i = 0; i < 10000; ++i)
      seen.insert(hash_of(p, {small_value(i)}));
    CHECK(seen.size() == 10000);
  });
}

// The share of 65,536 buckets (a Map's low 16 bits) that `count` keys
// reach; random hashes reach 1 - 1/e (63%) of them.
double bucket_coverage(InkoProcess* p, int64_t count,
                       const std::function<InkoValue(int64_t)>& key) {
  std::set<uint64_t> buckets;
  for (int64_t i = 0; i < count; ++i)
    buckets.insert(static_cast<uint64_t>(small_of(hash_of(p, {key(i)}))) & 0xFFFF);
  return static_cast<double>(buckets.size()) / 65536;
}

TEST_CASE("hashing: low bits spread like random ones for regular keys") {
  in_process([](InkoProcess* p) {
    CHECK(bucket_coverage(p, 65536, [](int64_t i) { return small_value(i); }) > 0.6);
    CHECK(bucket_coverage(p, 65536, [](int64_t i) { return small_value(i << 16); }) > 0.6);
    CHECK(bucket_coverage(p, 65536, [](int64_t i) { return small_value(-i); }) > 0.6);
    CHECK(bucket_coverage(p, 65536, [&](int64_t i) { return str(p, "key" + std::to_string(i)); }) >
          0.6);
    CHECK(bucket_coverage(p, 65536, [&](int64_t i) { return flt(p, static_cast<double>(i)); }) >
          0.6);
  });
}

TEST_CASE("hashing: hash_value equals a new hasher's hash of one value, Nil for other objects") {
  in_process([](InkoProcess* p) {
    auto fused = [&](InkoValue value) {
      return inko_hasher_hash_value(p, small_value(1), small_value(2), value);
    };
    for (InkoValue value : {small_value(0), small_value(-42), small_value(1), small_value(255),
                            small_value(int64_t{1} << 40), small_value((int64_t{1} << 62) - 1),
                            small_value(-(int64_t{1} << 62)), num(p, "100000000000000000000"),
                            flt(p, -0.0), flt(p, 2.5), str(p, ""), str(p, "key")})
      CHECK(fused(value) == hash_of(p, {value}));
    CHECK(fused(inko_array_from_values(p, 0, nullptr)) == nil_value());
    CHECK(fused(nil_value()) == nil_value());
  });
  CHECK(panic_message([](InkoProcess* p) {
          inko_hasher_hash_value(p, small_value(0), small_value(-1), small_value(1));
        }) == "The keys of a DefaultHasher must be zero or greater");
  CHECK(panic_message([](InkoProcess* p) {
          inko_hasher_new(p, small_value(-1), small_value(0));
        }) == "The keys of a DefaultHasher must be zero or greater");
}

} // namespace
} // namespace inko::testing
