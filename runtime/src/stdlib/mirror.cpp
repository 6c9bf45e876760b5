// std::mirror intrinsics: what reflection needs of a value's class.
#include "stdlib/support.h"

#include <algorithm>
#include <string_view>

extern "C" {
// The generated program's function table (abi.h); absent in the runtime's
// own unit tests.
#pragma weak inko_function_table
#pragma weak inko_function_count
#pragma weak inko_class_reflection
#pragma weak inko_class_reflection_count

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

// The function table's entry of a block's function, or null.
const InkoFunctionInfo* block_function(InkoValue block) {
  if (inko::is_small(block) || &inko_function_table == nullptr || &inko_function_count == nullptr)
    return nullptr;
  if (inko::as<const InkoHeader>(block)->klass->kind != INKO_KIND_BLOCK)
    return nullptr;
  const void* function = inko::as<const InkoBlock>(block)->function;
  for (uint64_t i = 0; i < inko_function_count; ++i) {
    if (inko_function_table[i].start == function)
      return &inko_function_table[i];
  }
  return nullptr;
}

// A block's name as call frames show it (`<block>`, `<lambda>`, a method's
// name); '' when unknown.
InkoValue inko_intrinsic_mirror_block_name(InkoProcess* process, InkoValue block) {
  const InkoFunctionInfo* function = block_function(block);
  return inko::stdlib::string(
      process, function != nullptr && function->name != nullptr ? function->name : "");
}

// The source file defining a block; '' when unknown.
InkoValue inko_intrinsic_mirror_block_file(InkoProcess* process, InkoValue block) {
  const InkoFunctionInfo* function = block_function(block);
  return inko::stdlib::string(
      process, function != nullptr && function->file != nullptr ? function->file : "");
}

// The line a block starts on; 0 when unknown.
InkoValue inko_intrinsic_mirror_block_line(InkoProcess*, InkoValue block) {
  const InkoFunctionInfo* function = block_function(block);
  return inko::small_value(function != nullptr ? static_cast<int64_t>(function->line) : 0);
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

namespace {

// The class of any value (small Integers included).
const InkoClass* class_of(InkoValue value) {
  return inko::is_small(value) ? &inko_class_integer : inko::as<const InkoHeader>(value)->klass;
}

// The reflection entry of a class, or null.
const InkoClassReflection* reflection_of(const InkoClass* klass) {
  if (&inko_class_reflection == nullptr || &inko_class_reflection_count == nullptr)
    return nullptr;
  for (uint64_t i = 0; i < inko_class_reflection_count; ++i) {
    if (inko_class_reflection[i].klass == klass)
      return &inko_class_reflection[i];
  }
  return nullptr;
}

// The attribute names of an object instance's class, or null (then
// `count` is 0) for anything else.
const char* const* attribute_names(InkoValue value, uint64_t& count) {
  count = 0;
  if (inko::is_small(value))
    return nullptr;
  const InkoClass* klass = class_of(value);
  const InkoClassReflection* reflection = reflection_of(klass);
  if (klass->kind != INKO_KIND_OBJECT || reflection == nullptr)
    return nullptr;
  count = std::min<uint64_t>(reflection->name_count, klass->slot_count);
  return reflection->names;
}

// Whether the class of `klass` lists the trait value `trait`.
bool lists_trait(const InkoClass* klass, InkoValue trait) {
  const InkoClassReflection* reflection = reflection_of(klass);
  if (reflection == nullptr)
    return false;
  for (uint64_t i = 0; i < reflection->trait_count; ++i) {
    if (reflection->traits[i] == trait)
      return true;
  }
  return false;
}

// The slot `index` of `value`, or -1 when it has no such attribute.
int64_t checked_slot(InkoValue value, InkoValue index) {
  uint64_t count = 0;
  attribute_names(value, count);
  if (!inko::is_small(index) || inko::small_of(index) < 0 ||
      static_cast<uint64_t>(inko::small_of(index)) >= count)
    return -1;
  return inko::small_of(index);
}

} // namespace

extern "C" {

// The number of attributes of an object instance (0 for other values).
InkoValue inko_intrinsic_mirror_attribute_count(InkoProcess*, InkoValue value) {
  uint64_t count = 0;
  attribute_names(value, count);
  return inko::small_value(static_cast<int64_t>(count));
}

// The name ("@x") of attribute `index` (in slot order); '' when out of range.
InkoValue inko_intrinsic_mirror_attribute_name(InkoProcess* process, InkoValue value,
                                               InkoValue index) {
  int64_t slot = checked_slot(value, index);
  if (slot < 0)
    return inko::stdlib::string(process, "");
  uint64_t count = 0;
  return inko::stdlib::string(process, attribute_names(value, count)[slot]);
}

// The value of attribute `index`; Nil when out of range.
InkoValue inko_intrinsic_mirror_attribute_get(InkoProcess*, InkoValue value, InkoValue index) {
  int64_t slot = checked_slot(value, index);
  if (slot < 0)
    return inko::nil_value();
  return inko::as<InkoObject>(value)->slots[slot];
}

// The value's prototype (the value of its object's constant); Nil when
// unknown (prototypes, traits, modules).
InkoValue inko_intrinsic_mirror_prototype(InkoProcess*, InkoValue value) {
  const InkoClassReflection* reflection = reflection_of(class_of(value));
  return reflection != nullptr ? reflection->prototype : inko::nil_value();
}

// The number of traits the value's object implements directly.
InkoValue inko_intrinsic_mirror_trait_count(InkoProcess*, InkoValue value) {
  const InkoClassReflection* reflection = reflection_of(class_of(value));
  return inko::small_value(reflection != nullptr ? static_cast<int64_t>(reflection->trait_count)
                                                 : 0);
}

// Trait `index` of those; Nil when out of range.
InkoValue inko_intrinsic_mirror_trait(InkoProcess*, InkoValue value, InkoValue index) {
  const InkoClassReflection* reflection = reflection_of(class_of(value));
  if (reflection == nullptr || !inko::is_small(index) || inko::small_of(index) < 0 ||
      static_cast<uint64_t>(inko::small_of(index)) >= reflection->trait_count)
    return inko::nil_value();
  return reflection->traits[inko::small_of(index)];
}

// True if the value's object, or Object at the end of every prototype
// chain, implements the trait value `trait`.
InkoValue inko_intrinsic_mirror_implements(InkoProcess*, InkoValue value, InkoValue trait) {
  return inko::boolean_value(lists_trait(class_of(value), trait) ||
                             lists_trait(&inko_class_object, trait));
}

// Stores `new_value` in attribute `index` (objects are process-local, so a
// plain store, as generated code does); returns `new_value`.
InkoValue inko_intrinsic_mirror_attribute_set(InkoProcess*, InkoValue value, InkoValue index,
                                              InkoValue new_value) {
  int64_t slot = checked_slot(value, index);
  if (slot >= 0 && (inko::as<InkoHeader>(value)->flags & INKO_HEADER_PERMANENT) == 0)
    inko::as<InkoObject>(value)->slots[slot] = new_value;
  return new_value;
}

} // extern "C"
