// std::mirror intrinsics: what reflection needs of a value's class.
#include "stdlib/support.h"

#include <string_view>

extern "C" {
// The generated program's function table (abi.h); absent in the runtime's
// own unit tests.
#pragma weak inko_function_table
#pragma weak inko_function_count

// The name of the value's class (the object's name for instances).
InkoValue inko_intrinsic_mirror_class_name(InkoProcess* process, InkoValue value) {
  if (inko::is_small(value))
    return inko::stdlib::string(process, "Integer");
  const InkoClass* klass = inko::as<const InkoHeader>(value)->klass;
  return inko::stdlib::string(process, klass->name != nullptr ? klass->name : "Object");
}

// The source file of a module object: the file of the function holding the
// module's top-level code, which the function table names after the module
// (the class is "<name> (module)"). '' when the value is no module or the
// table does not know it.
InkoValue inko_intrinsic_mirror_module_source(InkoProcess* process, InkoValue module) {
  constexpr std::string_view suffix = " (module)";
  if (inko::is_small(module) || &inko_function_table == nullptr || &inko_function_count == nullptr)
    return inko::stdlib::string(process, "");
  const char* class_name = inko::as<const InkoHeader>(module)->klass->name;
  std::string_view name = class_name != nullptr ? class_name : "";
  if (!name.ends_with(suffix))
    return inko::stdlib::string(process, "");
  name.remove_suffix(suffix.size());
  for (uint64_t i = 0; i < inko_function_count; ++i) {
    const InkoFunctionInfo& function = inko_function_table[i];
    if (function.name != nullptr && function.file != nullptr && name == function.name)
      return inko::stdlib::string(process, function.file);
  }
  return inko::stdlib::string(process, "");
}

// The InkoKind of the value's class, as an Integer.
InkoValue inko_intrinsic_mirror_kind(InkoProcess*, InkoValue value) {
  return inko::small_value(static_cast<int64_t>(inko::kind_of(value)));
}

// True if `subject` is an instance of the object whose prototype is
// `prototype` (its exact class; every value is an instance of Object).
// Prototypes are permanent objects whose class is named "<name>
// (prototype)" and whose word after the header is their instances' class
// (compiler/codegen/objects.cpp).
InkoValue inko_intrinsic_mirror_instance_of(InkoProcess*, InkoValue subject, InkoValue prototype) {
  if (inko::is_small(prototype))
    return inko::false_value();
  const InkoClass* prototype_class = inko::as<const InkoHeader>(prototype)->klass;
  std::string_view name = prototype_class->name != nullptr ? prototype_class->name : "";
  if (!name.ends_with(" (prototype)"))
    return inko::false_value();
  const InkoClass* instances = *reinterpret_cast<const InkoClass* const*>(
      inko::as<const char>(prototype) + sizeof(InkoHeader));
  if (instances == nullptr)
    return inko::false_value();
  if (instances == &inko_class_object)
    return inko::true_value();
  const InkoClass* klass =
      inko::is_small(subject) ? &inko_class_integer : inko::as<const InkoHeader>(subject)->klass;
  return inko::boolean_value(klass == instances);
}

} // extern "C"
