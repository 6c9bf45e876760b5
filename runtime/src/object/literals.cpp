// Integer literals too large for the small representation: generated code
// passes their decimal text once per evaluation (L8, L100).
#include "builtins/big_integer.h"
#include "builtins/integer_value.h"
#include "panic/panic.h"

#include <string_view>

extern "C" InkoValue inko_integer_parse_decimal(InkoProcess* process, const char* digits,
                                                uint64_t size) {
  std::string_view text(digits, size);
  bool negative = !text.empty() && text[0] == '-';
  if (negative)
    text.remove_prefix(1);
  std::optional<inko::BigInt> value = inko::parse(text, 10);
  // The checker only passes valid decimal literals.
  if (!value)
    inko::panic(process, "invalid Integer literal");
  return inko::integer_value(process, negative ? inko::negate(*value) : *value);
}
