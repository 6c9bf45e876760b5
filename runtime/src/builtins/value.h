// Small helpers shared by the built-in types: reading and making tagged
// Integers, Booleans, Nil, and viewing a value as one of the built-in
// layouts of abi.h. Header-only; every function is a few instructions.
#pragma once

#include "inko/abi.h"

#include <cstdint>

namespace inko {

// The small Integer range (abi.h): -2^62 .. 2^62 - 1.
inline constexpr int64_t kSmallMin = -(int64_t{1} << 62);
inline constexpr int64_t kSmallMax = (int64_t{1} << 62) - 1;

inline bool is_small(InkoValue value) {
  return (value & 1) != 0;
}
inline int64_t small_of(InkoValue value) {
  return static_cast<int64_t>(value) >> 1;
}
inline bool fits_small(int64_t value) {
  return value >= kSmallMin && value <= kSmallMax;
}
// Only for values that fit_small.
inline InkoValue small_value(int64_t value) {
  return (static_cast<InkoValue>(value) << 1) | 1;
}

inline InkoValue nil_value() {
  return reinterpret_cast<InkoValue>(&inko_nil);
}
inline InkoValue true_value() {
  return reinterpret_cast<InkoValue>(&inko_true);
}
inline InkoValue false_value() {
  return reinterpret_cast<InkoValue>(&inko_false);
}
inline InkoValue boolean_value(bool value) {
  return value ? true_value() : false_value();
}
inline bool is_nil(InkoValue value) {
  return value == nil_value();
}

template <typename T> T* as(InkoValue value) {
  return reinterpret_cast<T*>(value);
}
template <typename T> InkoValue value_of(T* object) {
  return reinterpret_cast<InkoValue>(object);
}

// Keeps `value` (and so the object it points to) in a register or stack
// slot up to this point. The collector scans stacks conservatively and may
// run at any allocation (memory/heap.h); call this after the last use of
// memory owned by an argument (string bytes, array buffers) that outlives
// the argument's own last use.
inline void keep_alive(InkoValue value) {
  asm volatile("" : : "r"(value) : "memory");
}

// The kind of any value, small Integers included.
inline InkoKind kind_of(InkoValue value) {
  if (is_small(value))
    return INKO_KIND_INTEGER;
  return static_cast<InkoKind>(as<const InkoHeader>(value)->klass->kind);
}

} // namespace inko
