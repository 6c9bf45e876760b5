// The default hasher behind std::map's DefaultHasher (STDLIB std::map,
// LANGUAGE L105): SipHash-1-3 (Rust's DefaultHasher algorithm) keyed with
// two Integers, fed one value at a time.
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

struct SipState {
  uint64_t v[4];
  uint64_t tail; // pending bytes, little-endian
  uint64_t tail_size;
  uint64_t length; // bytes written so far
};

static_assert(sizeof(SipState) == 56);

inline uint64_t rotate(uint64_t x, int b) {
  return (x << b) | (x >> (64 - b));
}

// Inlined: GCC's -O2 keeps it a call, which doubled the cost of a hash.
[[gnu::always_inline]] inline void round(uint64_t (&v)[4]) {
  v[0] += v[1];
  v[1] = rotate(v[1], 13);
  v[1] ^= v[0];
  v[0] = rotate(v[0], 32);
  v[2] += v[3];
  v[3] = rotate(v[3], 16);
  v[3] ^= v[2];
  v[0] += v[3];
  v[3] = rotate(v[3], 21);
  v[3] ^= v[0];
  v[2] += v[1];
  v[1] = rotate(v[1], 17);
  v[1] ^= v[2];
  v[2] = rotate(v[2], 32);
}

[[gnu::always_inline]] inline void compress(SipState& state, uint64_t word) {
  state.v[3] ^= word;
  round(state.v); // c = 1
  state.v[0] ^= word;
}

void write_bytes(SipState& state, const unsigned char* bytes, std::size_t size) {
  state.length += size;
  std::size_t i = 0;
  while (state.tail_size != 0 && i < size) {
    state.tail |= uint64_t{bytes[i++]} << (8 * state.tail_size);
    if (++state.tail_size == 8) {
      compress(state, state.tail);
      state.tail = 0;
      state.tail_size = 0;
    }
  }
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + i, 8);
    compress(state, word); // little-endian hosts (x86-64, aarch64)
  }
  for (; i < size; ++i)
    state.tail |= uint64_t{bytes[i]} << (8 * state.tail_size++);
}

void write_word(SipState& state, uint64_t word) {
  unsigned char bytes[8];
  std::memcpy(bytes, &word, 8);
  write_bytes(state, bytes, 8);
}

uint64_t finish(SipState state) {
  uint64_t last = (state.length << 56) | state.tail;
  compress(state, last);
  state.v[2] ^= 0xFF;
  for (int i = 0; i < 3; ++i) // d = 3
    round(state.v);
  return state.v[0] ^ state.v[1] ^ state.v[2] ^ state.v[3];
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
void hash_value(SipState& state, InkoValue value) {
  switch (kind_of(value)) {
  case INKO_KIND_INTEGER:
    if (is_small(value)) {
      write_word(state, kSmallInteger);
      write_word(state, static_cast<uint64_t>(small_of(value)));
    } else {
      auto* big = as<InkoBigInteger>(value);
      write_word(state, kBigInteger | (big->negative << 8));
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

[[gnu::always_inline]] inline SipState keyed_state(InkoProcess* process, InkoValue key0,
                                                   InkoValue key1) {
  uint64_t k0 = key_of(process, key0);
  uint64_t k1 = key_of(process, key1);
  SipState state{};
  state.v[0] = k0 ^ 0x736f6d6570736575ULL;
  state.v[1] = k1 ^ 0x646f72616e646f6dULL;
  state.v[2] = k0 ^ 0x6c7967656e657261ULL;
  state.v[3] = k1 ^ 0x7465646279746573ULL;
  return state;
}

// hash_value of a small Integer on a fresh state, as straight-line code:
// the two words (tag, value) are whole blocks, so the byte loop of
// write_bytes and the tail bookkeeping drop out. Same result as
// `hash_value(state, value)` followed by `finish`.
uint64_t finish_small_integer(SipState state, int64_t value) {
  compress(state, kSmallInteger);
  compress(state, static_cast<uint64_t>(value));
  compress(state, uint64_t{16} << 56); // length 16, no pending bytes
  state.v[2] ^= 0xFF;
  for (int i = 0; i < 3; ++i)
    round(state.v);
  return state.v[0] ^ state.v[1] ^ state.v[2] ^ state.v[3];
}

// A 64-bit hash as a small Integer (shifted into range, see to_hash).
InkoValue as_hash(uint64_t hash) {
  return small_value(static_cast<int64_t>(hash) >> 2);
}

InkoValue hash_result(const SipState& state) {
  return as_hash(finish(state));
}

} // namespace
} // namespace inko

using namespace inko;

extern "C" {

// A new hasher state (a ByteArray) keyed with two non-negative Integers.
InkoValue inko_hasher_new(InkoProcess* process, InkoValue key0, InkoValue key1) {
  SipState state = keyed_state(process, key0, key1);
  return value_of(byte_array_new(
      process, std::string_view(reinterpret_cast<const char*>(&state), sizeof(state))));
}

InkoValue inko_hasher_write(InkoProcess*, InkoValue hasher, InkoValue value) {
  SipState state;
  std::memcpy(&state, state_of(hasher), sizeof(state));
  hash_value(state, value);
  std::memcpy(state_of(hasher), &state, sizeof(state));
  return nil_value();
}

// The hash so far (the state is unchanged). Shifted into the small Integer
// range so Map arithmetic on it never allocates.
InkoValue inko_hasher_to_hash(InkoProcess*, InkoValue hasher) {
  SipState state;
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
  if (is_small(value)) // the common Map key
    return as_hash(finish_small_integer(keyed_state(process, key0, key1), small_of(value)));
  switch (kind_of(value)) {
  case INKO_KIND_INTEGER:
  case INKO_KIND_FLOAT:
  case INKO_KIND_STRING: {
    SipState state = keyed_state(process, key0, key1);
    hash_value(state, value);
    return hash_result(state);
  }
  default:
    return nil_value();
  }
}

} // extern "C"
