// Integer values in both representations (abi.h): tagged small integers and
// InkoBigInteger objects. Every Integer the runtime returns goes through
// these functions, which keep the invariant that a value in the small range
// is always small (so identity and equality agree there, L105).
#pragma once

#include "builtins/big_integer.h"
#include "builtins/value.h"

namespace inko {

// Any exact value, small or big.
InkoValue integer_value(InkoProcess* process, int64_t value);
InkoValue integer_value(InkoProcess* process, __int128 value);
InkoValue integer_value(InkoProcess* process, const BigInt& value);

BigInt big_of(InkoValue integer);

// The value as int64_t if it fits one (small integers and big integers of
// at most 64 bits), for arguments such as indices, radices and amounts.
bool integer_fits_int64(InkoValue integer, int64_t& out);

bool integer_is_negative(InkoValue integer);

} // namespace inko
