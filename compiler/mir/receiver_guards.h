// Static calls check their receiver's class (kGuardReceiver) because any
// value can be Nil or, through Self-typed arguments reached by dynamic
// dispatch, of another type (docs/values.md). This pass drops the check
// where the function itself proves the receiver's class: self, literals,
// new objects and locals assigned only from those.
#pragma once

#include "mir/mir.h"

#include <vector>

namespace inko::mir {

// The classes of values the constant instructions make.
struct ConstantClasses {
  uint32_t integer = kNone;
  uint32_t float_ = kNone;
  uint32_t string = kNone;
  uint32_t array = kNone;
  uint32_t boolean = kNone;
  uint32_t nil = kNone;
  const std::vector<uint32_t>* module_classes = nullptr; // ModuleId -> class
};

// `self_class` is the class register 0 always has (kNone if unknown).
void drop_proven_guards(Function& function, uint32_t self_class, const ConstantClasses& classes);

} // namespace inko::mir
