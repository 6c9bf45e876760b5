// Conversions between Integer values and BigInt (integer_value.h). Big
// integer objects are allocated in the calling process's heap with their
// limbs inline; they are immutable.
#include "builtins/integer_value.h"

#include "memory/heap.h"

#include <algorithm>

namespace inko {
namespace {

InkoBigInteger* allocate_big(InkoProcess* process, bool negative, std::size_t size) {
  auto* object = reinterpret_cast<InkoBigInteger*>(
      allocate_object(process, &inko_class_integer, sizeof(InkoBigInteger) + sizeof(Limb) * size));
  object->negative = negative ? 1 : 0;
  object->size = size;
  return object;
}

InkoValue allocate_big(InkoProcess* process, bool negative, const Limb* limbs, std::size_t size) {
  InkoBigInteger* object = allocate_big(process, negative, size);
  std::copy(limbs, limbs + size, object->limbs);
  return value_of(object);
}

} // namespace

InkoValue integer_value(InkoProcess* process, int64_t value) {
  if (fits_small(value))
    return small_value(value);
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  return allocate_big(process, value < 0, &magnitude, 1);
}

InkoValue integer_value(InkoProcess* process, __int128 value) {
  if (value >= kSmallMin && value <= kSmallMax)
    return small_value(static_cast<int64_t>(value));
  unsigned __int128 magnitude =
      value < 0 ? 0 - static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
  Limb limbs[2] = {static_cast<Limb>(magnitude), static_cast<Limb>(magnitude >> 64)};
  return allocate_big(process, value < 0, limbs, limbs[1] != 0 ? 2 : 1);
}

InkoValue integer_value(InkoProcess* process, const BigInt& value) {
  if (value.limbs.size() <= 1) {
    Limb magnitude = value.limbs.empty() ? 0 : value.limbs[0];
    // The small range is -2^62 .. 2^62 - 1.
    if (magnitude < (Limb(1) << 62) || (value.negative && magnitude == (Limb(1) << 62))) {
      int64_t signed_value = static_cast<int64_t>(magnitude);
      return small_value(value.negative ? -signed_value : signed_value);
    }
  }
  return allocate_big(process, value.negative, value.limbs.data(), value.limbs.size());
}

InkoValue multiply_big_by_small(InkoProcess* process, InkoValue big, int64_t factor) {
  const auto* source = as<const InkoBigInteger>(big);
  Limb magnitude = factor < 0 ? 0 - static_cast<Limb>(factor) : static_cast<Limb>(factor);
  std::size_t size = source->size;
  // Objects never move, so `source` stays valid across the allocation.
  InkoBigInteger* product =
      allocate_big(process, (source->negative != 0) != (factor < 0), size + 1);
  unsigned __int128 carry = 0;
  for (std::size_t i = 0; i < size; ++i) {
    carry += static_cast<unsigned __int128>(source->limbs[i]) * magnitude;
    product->limbs[i] = static_cast<Limb>(carry);
    carry >>= 64;
  }
  product->limbs[size] = static_cast<Limb>(carry);
  // The unused top limb, if any, stays allocated but outside `size`.
  if (carry == 0)
    product->size = size;
  keep_alive(big);
  return value_of(product);
}

BigInt big_of(InkoValue integer) {
  if (is_small(integer))
    return BigInt::from_int64(small_of(integer));
  auto* object = as<const InkoBigInteger>(integer);
  BigInt out;
  out.negative = object->negative != 0;
  out.limbs.assign(object->limbs, object->limbs + object->size);
  return out;
}

bool integer_fits_int64(InkoValue integer, int64_t& out) {
  if (is_small(integer)) {
    out = small_of(integer);
    return true;
  }
  auto* object = as<const InkoBigInteger>(integer);
  if (object->size != 1)
    return false;
  Limb magnitude = object->limbs[0];
  if (object->negative != 0) {
    if (magnitude > (Limb(1) << 63))
      return false;
    out = static_cast<int64_t>(0 - magnitude);
    return true;
  }
  if (magnitude > static_cast<Limb>(INT64_MAX))
    return false;
  out = static_cast<int64_t>(magnitude);
  return true;
}

bool integer_is_negative(InkoValue integer) {
  if (is_small(integer))
    return small_of(integer) < 0;
  return as<const InkoBigInteger>(integer)->negative != 0;
}

} // namespace inko
