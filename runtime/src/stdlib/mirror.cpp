// std::mirror intrinsics: what reflection needs of a value's class.
#include "stdlib/support.h"

extern "C" {

// The name of the value's class (the object's name for instances).
InkoValue inko_intrinsic_mirror_class_name(InkoProcess* process, InkoValue value) {
  if (inko::is_small(value))
    return inko::stdlib::string(process, "Integer");
  const InkoClass* klass = inko::as<const InkoHeader>(value)->klass;
  return inko::stdlib::string(process, klass->name != nullptr ? klass->name : "Object");
}

// The InkoKind of the value's class, as an Integer.
InkoValue inko_intrinsic_mirror_kind(InkoProcess*, InkoValue value) {
  return inko::small_value(static_cast<int64_t>(inko::kind_of(value)));
}

} // extern "C"
