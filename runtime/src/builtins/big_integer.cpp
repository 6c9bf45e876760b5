// BigInt arithmetic (big_integer.h): magnitudes as limb vectors, the sign
// kept apart. Multiplication is schoolbook below kKaratsubaThreshold limbs
// and Karatsuba above; division is Knuth's algorithm D (TAOCP 4.3.1) on
// 64-bit limbs with 128-bit intermediates.
#include "builtins/big_integer.h"

#include <algorithm>
#include <cmath>
#include <span>

namespace inko {
namespace {

using Magnitude = std::vector<Limb>;
using Wide = unsigned __int128;

constexpr std::size_t kKaratsubaThreshold = 32;

void trim_magnitude(Magnitude& m) {
  while (!m.empty() && m.back() == 0)
    m.pop_back();
}

int compare_magnitude(std::span<const Limb> a, std::span<const Limb> b) {
  if (a.size() != b.size())
    return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i])
      return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Magnitude add_magnitude(std::span<const Limb> a, std::span<const Limb> b) {
  if (a.size() < b.size())
    std::swap(a, b);
  Magnitude out(a.size() + 1);
  Limb carry = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    Wide sum = Wide(a[i]) + (i < b.size() ? b[i] : 0) + carry;
    out[i] = static_cast<Limb>(sum);
    carry = static_cast<Limb>(sum >> 64);
  }
  out[a.size()] = carry;
  trim_magnitude(out);
  return out;
}

// a - b for a >= b.
Magnitude subtract_magnitude(std::span<const Limb> a, std::span<const Limb> b) {
  Magnitude out(a.size());
  Limb borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    Limb subtrahend = i < b.size() ? b[i] : 0;
    Wide difference = Wide(a[i]) - subtrahend - borrow;
    out[i] = static_cast<Limb>(difference);
    borrow = (difference >> 64) != 0 ? 1 : 0;
  }
  trim_magnitude(out);
  return out;
}

// out[0 .. a.size() + b.size()) += a * b (out must be zeroed by the caller
// where it expects a plain product).
void multiply_schoolbook(std::span<const Limb> a, std::span<const Limb> b, std::span<Limb> out) {
  // The inner loop runs over the longer operand: one tight pass per limb of
  // the shorter one.
  if (a.size() > b.size())
    std::swap(a, b);
  for (std::size_t i = 0; i < a.size(); ++i) {
    Limb carry = 0;
    for (std::size_t j = 0; j < b.size(); ++j) {
      Wide product = Wide(a[i]) * b[j] + out[i + j] + carry;
      out[i + j] = static_cast<Limb>(product);
      carry = static_cast<Limb>(product >> 64);
    }
    for (std::size_t k = i + b.size(); carry != 0 && k < out.size(); ++k) {
      Wide sum = Wide(out[k]) + carry;
      out[k] = static_cast<Limb>(sum);
      carry = static_cast<Limb>(sum >> 64);
    }
  }
}

// out += value, starting at limb `offset`.
void add_into(std::span<Limb> out, std::span<const Limb> value, std::size_t offset) {
  Limb carry = 0;
  std::size_t i = 0;
  for (; i < value.size(); ++i) {
    Wide sum = Wide(out[offset + i]) + value[i] + carry;
    out[offset + i] = static_cast<Limb>(sum);
    carry = static_cast<Limb>(sum >> 64);
  }
  for (std::size_t k = offset + i; carry != 0 && k < out.size(); ++k) {
    Wide sum = Wide(out[k]) + carry;
    out[k] = static_cast<Limb>(sum);
    carry = static_cast<Limb>(sum >> 64);
  }
}

Magnitude multiply_magnitude(std::span<const Limb> a, std::span<const Limb> b);

// Karatsuba: with a = a1·B^h + a0 and b = b1·B^h + b0,
// a·b = z2·B^2h + ((a0 + a1)(b0 + b1) - z2 - z0)·B^h + z0.
Magnitude multiply_karatsuba(std::span<const Limb> a, std::span<const Limb> b) {
  std::size_t half = std::max(a.size(), b.size()) / 2;
  auto low = [half](std::span<const Limb> x) {
    Magnitude part(x.begin(), x.begin() + std::min(half, x.size()));
    trim_magnitude(part);
    return part;
  };
  auto high = [half](std::span<const Limb> x) {
    return x.size() > half ? Magnitude(x.begin() + half, x.end()) : Magnitude();
  };
  Magnitude a0 = low(a), a1 = high(a), b0 = low(b), b1 = high(b);
  Magnitude z0 = multiply_magnitude(a0, b0);
  Magnitude z2 = multiply_magnitude(a1, b1);
  Magnitude z1 = multiply_magnitude(add_magnitude(a0, a1), add_magnitude(b0, b1));
  z1 = subtract_magnitude(z1, z2);
  z1 = subtract_magnitude(z1, z0);
  Magnitude out(a.size() + b.size() + 1, 0);
  add_into(out, z0, 0);
  add_into(out, z1, half);
  add_into(out, z2, 2 * half);
  trim_magnitude(out);
  return out;
}

Magnitude multiply_magnitude(std::span<const Limb> a, std::span<const Limb> b) {
  if (a.empty() || b.empty())
    return {};
  if (std::min(a.size(), b.size()) >= kKaratsubaThreshold)
    return multiply_karatsuba(a, b);
  Magnitude out(a.size() + b.size(), 0);
  multiply_schoolbook(a, b, out);
  trim_magnitude(out);
  return out;
}

// Divides in place by a single limb; returns the remainder.
Limb divide_by_limb(Magnitude& a, Limb divisor) {
  Wide remainder = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    Wide current = (remainder << 64) | a[i];
    a[i] = static_cast<Limb>(current / divisor);
    remainder = current % divisor;
  }
  trim_magnitude(a);
  return static_cast<Limb>(remainder);
}

// Truncated division of magnitudes; b is not zero.
void divide_magnitude(std::span<const Limb> a, std::span<const Limb> b, Magnitude& quotient,
                      Magnitude& remainder) {
  if (compare_magnitude(a, b) < 0) {
    quotient.clear();
    remainder.assign(a.begin(), a.end());
    return;
  }
  if (b.size() == 1) {
    quotient.assign(a.begin(), a.end());
    Limb rest = divide_by_limb(quotient, b[0]);
    remainder.clear();
    if (rest != 0)
      remainder.push_back(rest);
    return;
  }
  // Normalise so the divisor's top limb has its high bit set.
  const std::size_t n = b.size();
  const std::size_t m = a.size() - n;
  const int shift = __builtin_clzll(b.back());
  Magnitude v(n), u(a.size() + 1);
  for (std::size_t i = n; i-- > 0;) {
    v[i] = (b[i] << shift) | (shift != 0 && i > 0 ? b[i - 1] >> (64 - shift) : 0);
  }
  u[a.size()] = shift != 0 ? a.back() >> (64 - shift) : 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    u[i] = (a[i] << shift) | (shift != 0 && i > 0 ? a[i - 1] >> (64 - shift) : 0);
  }
  quotient.assign(m + 1, 0);
  const Wide base = Wide(1) << 64;
  for (std::size_t j = m + 1; j-- > 0;) {
    Wide numerator = (Wide(u[j + n]) << 64) | u[j + n - 1];
    Wide qhat = numerator / v[n - 1];
    Wide rhat = numerator % v[n - 1];
    // u[j + n] <= v[n - 1], so qhat is at most base + 1; clamping it first
    // keeps qhat * v[n - 2] within 128 bits.
    if (qhat >= base) {
      qhat = base - 1;
      rhat = numerator - qhat * v[n - 1];
    }
    while (rhat < base && qhat * v[n - 2] > ((rhat << 64) | u[j + n - 2])) {
      --qhat;
      rhat += v[n - 1];
    }
    // u[j .. j+n] -= qhat * v
    Limb borrow = 0;
    Limb carry = 0;
    for (std::size_t i = 0; i < n; ++i) {
      Wide product = qhat * v[i] + carry;
      carry = static_cast<Limb>(product >> 64);
      Wide difference = Wide(u[i + j]) - static_cast<Limb>(product) - borrow;
      u[i + j] = static_cast<Limb>(difference);
      borrow = (difference >> 64) != 0 ? 1 : 0;
    }
    Wide difference = Wide(u[j + n]) - carry - borrow;
    u[j + n] = static_cast<Limb>(difference);
    if ((difference >> 64) != 0) {
      // qhat was one too large: add the divisor back.
      --qhat;
      Limb add_carry = 0;
      for (std::size_t i = 0; i < n; ++i) {
        Wide sum = Wide(u[i + j]) + v[i] + add_carry;
        u[i + j] = static_cast<Limb>(sum);
        add_carry = static_cast<Limb>(sum >> 64);
      }
      u[j + n] += add_carry;
    }
    quotient[j] = static_cast<Limb>(qhat);
  }
  trim_magnitude(quotient);
  remainder.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    remainder[i] = (u[i] >> shift) | (shift != 0 ? u[i + 1] << (64 - shift) : 0);
  }
  trim_magnitude(remainder);
}

// Negates a number in two's complement: inverts every limb and adds one.
void negate_in_place(Magnitude& limbs) {
  Limb carry = 1;
  for (Limb& limb : limbs) {
    Wide sum = Wide(~limb) + carry;
    limb = static_cast<Limb>(sum);
    carry = static_cast<Limb>(sum >> 64);
  }
}

// The two's-complement form of `value` in exactly `size` limbs.
Magnitude to_twos_complement(const BigInt& value, std::size_t size) {
  Magnitude out(size, 0);
  std::copy(value.limbs.begin(), value.limbs.end(), out.begin());
  if (value.negative)
    negate_in_place(out);
  return out;
}

BigInt from_twos_complement(Magnitude limbs) {
  BigInt out;
  out.negative = !limbs.empty() && (limbs.back() >> 63) != 0;
  if (out.negative)
    negate_in_place(limbs);
  out.limbs = std::move(limbs);
  out.trim();
  return out;
}

template <typename Operation>
BigInt bitwise(const BigInt& a, const BigInt& b, Operation operation) {
  std::size_t size = std::max(a.limbs.size(), b.limbs.size()) + 1;
  Magnitude x = to_twos_complement(a, size);
  Magnitude y = to_twos_complement(b, size);
  for (std::size_t i = 0; i < size; ++i)
    x[i] = operation(x[i], y[i]);
  return from_twos_complement(std::move(x));
}

BigInt make(bool negative, Magnitude limbs) {
  BigInt out;
  out.negative = negative;
  out.limbs = std::move(limbs);
  out.trim();
  return out;
}

} // namespace

BigInt BigInt::from_int64(int64_t value) {
  BigInt out;
  out.negative = value < 0;
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  if (magnitude != 0)
    out.limbs.push_back(magnitude);
  return out;
}

BigInt BigInt::from_uint64(uint64_t value) {
  BigInt out;
  if (value != 0)
    out.limbs.push_back(value);
  return out;
}

void BigInt::trim() {
  trim_magnitude(limbs);
  if (limbs.empty())
    negative = false;
}

int compare(const BigInt& a, const BigInt& b) {
  if (a.negative != b.negative)
    return a.negative ? -1 : 1;
  int magnitude = compare_magnitude(a.limbs, b.limbs);
  return a.negative ? -magnitude : magnitude;
}

BigInt add(const BigInt& a, const BigInt& b) {
  if (a.negative == b.negative)
    return make(a.negative, add_magnitude(a.limbs, b.limbs));
  int order = compare_magnitude(a.limbs, b.limbs);
  if (order == 0)
    return BigInt();
  if (order > 0)
    return make(a.negative, subtract_magnitude(a.limbs, b.limbs));
  return make(b.negative, subtract_magnitude(b.limbs, a.limbs));
}

BigInt negate(BigInt a) {
  if (!a.is_zero())
    a.negative = !a.negative;
  return a;
}

BigInt subtract(const BigInt& a, const BigInt& b) {
  return add(a, negate(b));
}

BigInt multiply(const BigInt& a, const BigInt& b) {
  return make(a.negative != b.negative, multiply_magnitude(a.limbs, b.limbs));
}

DivMod divide_floored(const BigInt& a, const BigInt& b) {
  Magnitude quotient, remainder;
  divide_magnitude(a.limbs, b.limbs, quotient, remainder);
  DivMod out{make(a.negative != b.negative, std::move(quotient)),
             make(a.negative, std::move(remainder))};
  if (!out.remainder.is_zero() && a.negative != b.negative) {
    out.quotient = subtract(out.quotient, BigInt::from_int64(1));
    out.remainder = add(out.remainder, b);
  }
  return out;
}

BigInt bit_and(const BigInt& a, const BigInt& b) {
  return bitwise(a, b, [](Limb x, Limb y) { return x & y; });
}

BigInt bit_or(const BigInt& a, const BigInt& b) {
  return bitwise(a, b, [](Limb x, Limb y) { return x | y; });
}

BigInt bit_xor(const BigInt& a, const BigInt& b) {
  return bitwise(a, b, [](Limb x, Limb y) { return x ^ y; });
}

BigInt shift_left(const BigInt& a, uint64_t bits) {
  if (a.is_zero())
    return a;
  std::size_t limbs = bits / 64;
  unsigned shift = bits % 64;
  Magnitude out(a.limbs.size() + limbs + 1, 0);
  for (std::size_t i = 0; i < a.limbs.size(); ++i) {
    out[i + limbs] |= a.limbs[i] << shift;
    if (shift != 0)
      out[i + limbs + 1] = a.limbs[i] >> (64 - shift);
  }
  return make(a.negative, std::move(out));
}

BigInt shift_right(const BigInt& a, uint64_t bits) {
  std::size_t limbs = bits / 64;
  unsigned shift = bits % 64;
  if (limbs >= a.limbs.size())
    return a.negative ? BigInt::from_int64(-1) : BigInt();
  bool lost_bits = false;
  for (std::size_t i = 0; i < limbs && !lost_bits; ++i)
    lost_bits = a.limbs[i] != 0;
  if (shift != 0 && (a.limbs[limbs] & ((Limb(1) << shift) - 1)) != 0)
    lost_bits = true;
  Magnitude out(a.limbs.size() - limbs, 0);
  for (std::size_t i = 0; i < out.size(); ++i) {
    Limb next = i + limbs + 1 < a.limbs.size() ? a.limbs[i + limbs + 1] : 0;
    out[i] = (a.limbs[i + limbs] >> shift) | (shift != 0 ? next << (64 - shift) : 0);
  }
  BigInt result = make(a.negative, std::move(out));
  // Rounding toward negative infinity: a negative value that lost bits is
  // one further from zero than its truncated magnitude.
  if (a.negative && lost_bits)
    result = subtract(result, BigInt::from_int64(1));
  return result;
}

BigInt power(const BigInt& base, uint64_t exponent) {
  BigInt result = BigInt::from_int64(1);
  BigInt square = base;
  while (exponent != 0) {
    if ((exponent & 1) != 0)
      result = multiply(result, square);
    exponent >>= 1;
    if (exponent != 0)
      square = multiply(square, square);
  }
  return result;
}

Limb divide_in_place(std::vector<Limb>& limbs, Limb divisor) {
  return divide_by_limb(limbs, divisor);
}

void multiply_add_in_place(std::vector<Limb>& limbs, Limb factor, Limb addend) {
  Limb carry = addend;
  for (Limb& limb : limbs) {
    Wide product = Wide(limb) * factor + carry;
    limb = static_cast<Limb>(product);
    carry = static_cast<Limb>(product >> 64);
  }
  if (carry != 0)
    limbs.push_back(carry);
  trim_magnitude(limbs);
}

uint64_t bit_length(const BigInt& value) {
  if (value.is_zero())
    return 0;
  return 64 * (value.limbs.size() - 1) + (64 - __builtin_clzll(value.limbs.back()));
}

double to_double(const BigInt& value) {
  if (value.is_zero())
    return 0.0;
  uint64_t bits = bit_length(value);
  double result;
  if (bits <= 64) {
    result = static_cast<double>(value.limbs[0]);
  } else {
    // The top 64 bits, with the lowest bit standing for every bit below
    // them ("sticky"), round exactly like the full magnitude would: the
    // double's rounding position is 11 bits above it.
    uint64_t drop = bits - 64;
    BigInt top = shift_right(BigInt{false, value.limbs}, drop);
    uint64_t word = top.limbs[0];
    bool sticky = false;
    std::size_t whole = drop / 64;
    for (std::size_t i = 0; i < whole && !sticky; ++i)
      sticky = value.limbs[i] != 0;
    if (drop % 64 != 0 && (value.limbs[whole] & ((Limb(1) << (drop % 64)) - 1)) != 0)
      sticky = true;
    if (sticky)
      word |= 1;
    result = bits > 2000 ? HUGE_VAL : std::ldexp(static_cast<double>(word), static_cast<int>(drop));
  }
  return value.negative ? -result : result;
}

BigInt from_double(double value) {
  double truncated = std::trunc(value);
  bool negative = truncated < 0;
  double magnitude = std::fabs(truncated);
  if (magnitude < 18446744073709551616.0)
    return make(negative, {static_cast<uint64_t>(magnitude)});
  int exponent;
  double fraction = std::frexp(magnitude, &exponent); // magnitude = fraction * 2^exponent
  auto mantissa = static_cast<uint64_t>(std::ldexp(fraction, 53));
  BigInt out = shift_left(BigInt::from_uint64(mantissa), static_cast<uint64_t>(exponent - 53));
  out.negative = negative;
  return out;
}

} // namespace inko
