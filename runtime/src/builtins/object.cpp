// Object identity (L105). Generated code inlines `object_equal` as one
// word compare (compiler/codegen/inline_intrinsics.cpp); this definition
// backs any call that is not inlined. Equal small Integers, True, False and
// Nil are the same word, so identity is value equality for them; big
// integers, Floats and Strings compare by value through their own
// intrinsics, and hash by value through hashing.cpp.
#include "builtins/value.h"

extern "C" InkoValue inko_object_equal(InkoProcess*, InkoValue a, InkoValue b) {
  return inko::boolean_value(a == b);
}

// Generated code prefetches inline; this is the call for the record.
extern "C" InkoValue inko_object_prefetch(InkoProcess*, InkoValue value) {
  __builtin_prefetch(reinterpret_cast<const void*>(value));
  return inko::nil_value();
}
