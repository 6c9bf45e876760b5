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

// big * factor for a big integer and |factor| >= 2 (so the product is big
// too), written straight into the new object's limbs: the common case of
// products such as factorials, without BigInt temporaries.
InkoValue multiply_big_by_small(InkoProcess* process, InkoValue big, int64_t factor);

BigInt big_of(InkoValue integer);

// The value as int64_t if it fits one (small integers and big integers of
// at most 64 bits), for arguments such as indices, radices and amounts.
bool integer_fits_int64(InkoValue integer, int64_t& out);

bool integer_is_negative(InkoValue integer);

} // namespace inko
