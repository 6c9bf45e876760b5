// BigInt to and from text in radix 2..36 (big_integer.h). Both directions
// work a chunk of digits at a time: the largest power of the radix that
// fits a limb, so one pass over the limbs handles ~19 decimal digits.
#include "builtins/big_integer.h"

#include <algorithm>

namespace inko {
namespace {

constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

struct Chunk {
  Limb power; // radix^digits
  int digits;
};

Chunk chunk_for(int radix) {
  Chunk chunk{static_cast<Limb>(radix), 1};
  while (chunk.power <= UINT64_MAX / static_cast<Limb>(radix)) {
    chunk.power *= static_cast<Limb>(radix);
    ++chunk.digits;
  }
  return chunk;
}

int digit_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return 99;
}

} // namespace

std::string to_string(const BigInt& value, int radix) {
  if (value.is_zero())
    return "0";
  Chunk chunk = chunk_for(radix);
  std::vector<Limb> rest = value.limbs;
  std::string reversed;
  while (!rest.empty()) {
    Limb part = divide_in_place(rest, chunk.power);
    for (int i = 0; i < chunk.digits && (part != 0 || !rest.empty()); ++i) {
      reversed.push_back(kDigits[part % static_cast<Limb>(radix)]);
      part /= static_cast<Limb>(radix);
    }
  }
  if (value.negative)
    reversed.push_back('-');
  std::reverse(reversed.begin(), reversed.end());
  return reversed;
}

std::optional<BigInt> parse(std::string_view text, int radix) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty())
    return std::nullopt;
  Chunk chunk = chunk_for(radix);
  BigInt out;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t count = std::min<std::size_t>(chunk.digits, text.size() - position);
    Limb part = 0;
    Limb scale = 1;
    for (std::size_t i = 0; i < count; ++i) {
      int digit = digit_value(text[position + i]);
      if (digit >= radix)
        return std::nullopt;
      part = part * static_cast<Limb>(radix) + static_cast<Limb>(digit);
      scale *= static_cast<Limb>(radix);
    }
    multiply_add_in_place(out.limbs, scale, part);
    position += count;
  }
  out.negative = negative;
  out.trim();
  return out;
}

} // namespace inko
