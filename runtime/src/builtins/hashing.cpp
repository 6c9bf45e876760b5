// The default hasher behind std::map's DefaultHasher (STDLIB std::map,
// LANGUAGE L105): a keyed folded-multiply hash, the construction of
// 0.8.1's hasher (aHash without AES), fed one value at a time. A word costs
// one 64x64->128-bit multiply; SipHash-1-3, used before, cost six times as
// many instructions per Map key and its length kept a lookup's loads from
// overlapping the next lookup's (docs/builtins.md).
//
// The state lives in a ByteArray the stdlib object holds, so copying a
// hasher to another process (PROCESSES P7: "an independent copy of its
// state") needs nothing special. What a value contributes (L105): Integers,
// Floats and Strings their value, preceded by a type tag so 1, 1.0 and "1"
// differ; every other object its identity (address; a moving collector must
// keep an identity hash for objects whose address was hashed).
#include "builtins/array.h"
#include "builtins/integer_value.h"
#include "builtins/string_value.h"
#include "panic/panic.h"

#include <bit>
#include <cstring>

namespace inko {
namespace {

struct HashState {
  uint64_t buffer; // everything written so far
  uint64_t pad;    // the second key, odd: finishes the hash
};

static_assert(sizeof(HashState) == 16);

// PCG's 64-bit LCG multiplier (odd, well spread bits).
constexpr uint64_t kMultiplier = 0x5851f42d4c957f2dULL;

// The high and low halves of the 128-bit product, xored: every bit of
// either factor reaches every bit of the result.
[[gnu::always_inline]] inline uint64_t folded_multiply(uint64_t a, uint64_t b) {
  unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

[[gnu::always_inline]] inline void write_word(HashState& state, uint64_t word) {
  state.buffer = folded_multiply(state.buffer ^ word, kMultiplier);
}

// Whole words, then the 0..7 remaining bytes as one word whose top byte is
// their count, so "a" and "a\0" differ.
void write_bytes(HashState& state, const unsigned char* bytes, std::size_t size) {
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + i, 8); // little-endian hosts (x86-64, aarch64)
    write_word(state, word);
  }
  if (i == size)
    return;
  uint64_t tail = 0;
  std::memcpy(&tail, bytes + i, size - i);
  write_word(state, tail | (uint64_t{size - i} << 56));
}

[[gnu::always_inline]] inline uint64_t finish(const HashState& state) {
  return std::rotl(folded_multiply(state.buffer, state.pad), static_cast<int>(state.buffer & 63));
}

enum Tag : uint64_t { kSmallInteger = 1, kBigInteger, kFloat, kString, kIdentity };

uint64_t key_of(InkoProcess* process, InkoValue key) {
  if (is_small(key) ? small_of(key) < 0 : integer_is_negative(key))
    panic(process, "The keys of a DefaultHasher must be zero or greater");
  return is_small(key) ? static_cast<uint64_t>(small_of(key)) : as<InkoBigInteger>(key)->limbs[0];
}

void* state_of(InkoValue bytes) {
  return as<InkoByteArray>(bytes)->bytes;
}

// Writes `value` into `state` following L105.
void hash_value(HashState& state, InkoValue value) {
  switch (kind_of(value)) {
  case INKO_KIND_INTEGER:
    if (is_small(value)) {
      write_word(state, kSmallInteger);
      write_word(state, static_cast<uint64_t>(small_of(value)));
    } else {
      auto* big = as<InkoBigInteger>(value);
      write_word(state, kBigInteger | (big->negative << 8) | (uint64_t{big->size} << 16));
      write_bytes(state, reinterpret_cast<const unsigned char*>(big->limbs), big->size * 8);
    }
    break;
  case INKO_KIND_FLOAT: {
    double number = as<InkoFloat>(value)->value;
    write_word(state, kFloat);
    write_word(state, std::bit_cast<uint64_t>(number == 0.0 ? 0.0 : number));
    break;
  }
  case INKO_KIND_STRING: {
    std::string_view text = string_bytes(value);
    write_word(state, kString);
    write_bytes(state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    write_word(state, text.size());
    break;
  }
  default:
    write_word(state, kIdentity);
    write_word(state, value);
    break;
  }
}

[[gnu::always_inline]] inline HashState keyed_state(InkoProcess* process, InkoValue key0,
                                                    InkoValue key1) {
  // Digits of pi, so keys 0 and 0 still start from a mixed state.
  return HashState{key_of(process, key0) ^ 0x243f6a8885a308d3ULL,
                   (key_of(process, key1) ^ 0x13198a2e03707344ULL) | 1};
}

// The 64-bit hash as a small Integer (shifted into range), so Map
// arithmetic on it never allocates.
InkoValue hash_result(const HashState& state) {
  return small_value(static_cast<int64_t>(finish(state)) >> 2);
}

} // namespace
} // namespace inko

using namespace inko;

extern "C" {

// A new hasher state (a ByteArray) keyed with two non-negative Integers.
InkoValue inko_hasher_new(InkoProcess* process, InkoValue key0, InkoValue key1) {
  HashState state = keyed_state(process, key0, key1);
  return value_of(byte_array_new(
      process, std::string_view(reinterpret_cast<const char*>(&state), sizeof(state))));
}

InkoValue inko_hasher_write(InkoProcess*, InkoValue hasher, InkoValue value) {
  HashState state;
  std::memcpy(&state, state_of(hasher), sizeof(state));
  hash_value(state, value);
  std::memcpy(state_of(hasher), &state, sizeof(state));
  return nil_value();
}

// The hash so far (the state is unchanged).
InkoValue inko_hasher_to_hash(InkoProcess*, InkoValue hasher) {
  HashState state;
  std::memcpy(&state, state_of(hasher), sizeof(state));
  return hash_result(state);
}

// What a new hasher with these keys returns from to_hash after one write of
// `value`, for Integers, Floats and Strings, without allocating a hasher:
// Map hashes such keys this way, since their `hash` (Object's, L105) is
// exactly that one write. Nil for every other value, and for every value
// when the program gave one of those types another `hash`.
InkoValue inko_hasher_hash_value(InkoProcess* process, InkoValue key0, InkoValue key1,
                                 InkoValue value) {
  if (inko_builtin_hash_is_object == 0)
    return nil_value();
  if (is_small(value)) { // the common Map key: hash_value's first case, inlined
    HashState state = keyed_state(process, key0, key1);
    write_word(state, kSmallInteger);
    write_word(state, static_cast<uint64_t>(small_of(value)));
    return hash_result(state);
  }
  switch (kind_of(value)) {
  case INKO_KIND_INTEGER:
  case INKO_KIND_FLOAT:
  case INKO_KIND_STRING: {
    HashState state = keyed_state(process, key0, key1);
    hash_value(state, value);
    return hash_result(state);
  }
  default:
    return nil_value();
  }
}

} // extern "C"
