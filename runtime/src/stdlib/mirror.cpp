// std::mirror intrinsics: what reflection needs of a value's class. The
// compiler describes every object class in inko_reflection_table (abi.h):
// its prototype, attribute names and implemented traits. Prototypes (the
// values of `Foo`) are permanent objects whose class is named "<name>
// (prototype)" and whose word after the header is their instances' class
// (compiler/codegen/objects.cpp).
#include "memory/process_heap.h"
#include "memory/process_memory.h"
#include "process/process.h"
#include "stdlib/support.h"

#include <optional>
#include <string>
#include <string_view>

extern "C" {
#pragma weak inko_reflection_table
#pragma weak inko_reflection_count
#pragma weak inko_function_table
#pragma weak inko_function_count
}

namespace {

constexpr std::string_view kPrototypeSuffix = " (prototype)";
constexpr std::string_view kObjectNameAttribute = "@_object_name";
constexpr std::string_view kTraitsAttribute = "@_implemented_traits";

const InkoClass* class_of(InkoValue value) {
  if (inko::is_small(value))
    return &inko_class_integer;
  return inko::as<const InkoHeader>(value)->klass;
}

std::string_view class_name(const InkoClass* klass) {
  return klass->name != nullptr ? klass->name : "Object";
}

const InkoClassReflection* reflection_of(const InkoClass* klass) {
  const InkoClassReflection* table = inko_reflection_table;
  const uint64_t* count = &inko_reflection_count;
  if (table == nullptr || count == nullptr)
    return nullptr;
  for (uint64_t i = 0; i < *count; ++i) {
    if (table[i].klass == klass)
      return &table[i];
  }
  return nullptr;
}

// The class of the instances of `value` if it is a prototype, else null.
const InkoClass* instances_of_prototype(InkoValue value) {
  if (inko::is_small(value) || !class_name(class_of(value)).ends_with(kPrototypeSuffix))
    return nullptr;
  return *reinterpret_cast<const InkoClass* const*>(inko::as<const char>(value) +
                                                    sizeof(InkoHeader));
}

// The object name of a prototype's instances: "Person" for `Person`.
std::string_view prototype_name(InkoValue prototype) {
  std::string_view name = class_name(class_of(prototype));
  name.remove_suffix(kPrototypeSuffix.size());
  return name;
}

// The class whose attributes and traits describe `value`: its own, or for
// a prototype that of its instances.
const InkoClassReflection* described_by(InkoValue value) {
  const InkoClass* instances = instances_of_prototype(value);
  return reflection_of(instances != nullptr ? instances : class_of(value));
}

bool has_traits(const InkoClassReflection* reflection) {
  return reflection != nullptr && reflection->trait_count > 0;
}

// The slot of attribute `name` in instances of `value`'s class, or -1.
int64_t slot_of(InkoValue value, std::string_view name) {
  if (inko::kind_of(value) != INKO_KIND_OBJECT || instances_of_prototype(value) != nullptr)
    return -1;
  const InkoClassReflection* reflection = reflection_of(class_of(value));
  if (reflection == nullptr)
    return -1;
  for (uint64_t i = 0; i < reflection->attribute_count; ++i) {
    if (name == reflection->attribute_names[i])
      return static_cast<int64_t>(i);
  }
  return -1;
}

// The compiler's description of an Inko function (abi.h), or null.
const InkoFunctionInfo* function_where(bool (*matches)(const InkoFunctionInfo&, const void*),
                                       const void* wanted) {
  const InkoFunctionInfo* table = inko_function_table;
  const uint64_t* count = &inko_function_count;
  if (table == nullptr || count == nullptr)
    return nullptr;
  for (uint64_t i = 0; i < *count; ++i) {
    if (matches(table[i], wanted))
      return &table[i];
  }
  return nullptr;
}

const InkoFunctionInfo* function_at(const void* start) {
  return function_where(
      [](const InkoFunctionInfo& info, const void* wanted) { return info.start == wanted; }, start);
}

// A module's top-level code is the function named after the module.
const InkoFunctionInfo* module_body(std::string_view name) {
  return function_where(
      [](const InkoFunctionInfo& info, const void* wanted) {
        return info.name == *static_cast<const std::string_view*>(wanted);
      },
      &name);
}

// A method read through get_attribute is a Block BlockMirror can describe
// but nobody can call (compiled methods do not take a block's arguments):
// its function panics, and its one cell holds the method's entry address
// as a small Integer.
[[noreturn]] InkoResult uncallable_method(InkoProcess* process, InkoValue) {
  constexpr std::string_view message = "A method obtained through std::mirror can not be called";
  inko_process_panic_bytes(process, message.data(), message.size());
}

// The function table entry of the method `name` of `klass`, or null.
const InkoFunctionInfo* method_named(const InkoClass* klass, std::string_view name) {
  if (klass == nullptr || klass->methods == nullptr)
    return nullptr;
  for (uint64_t i = 0; i <= klass->method_mask; ++i) {
    const InkoMethodEntry& entry = klass->methods[i];
    if (entry.selector == 0)
      continue;
    const InkoFunctionInfo* info = function_at(entry.function);
    if (info != nullptr && info->name == name)
      return info;
  }
  return nullptr;
}

InkoValue method_block(InkoProcess* process, InkoValue subject, const InkoFunctionInfo& method) {
  InkoValue block =
      inko_block_new(process, reinterpret_cast<void*>(&uncallable_method), subject, 0, 1);
  inko::as<InkoBlock>(block)->cells[0] =
      inko::small_value(static_cast<int64_t>(reinterpret_cast<uintptr_t>(method.start)));
  return block;
}

// The function table entry describing `block`: its function's, or for a
// method block the method's.
const InkoFunctionInfo* block_function(InkoValue block) {
  if (inko::kind_of(block) != INKO_KIND_BLOCK)
    return nullptr;
  const auto* instance = inko::as<InkoBlock>(block);
  if (instance->function == reinterpret_cast<void*>(&uncallable_method) &&
      instance->cell_count == 1)
    return function_at(
        reinterpret_cast<const void*>(static_cast<uintptr_t>(inko::small_of(instance->cells[0]))));
  return function_at(instance->function);
}

std::string_view module_name(InkoValue module) {
  std::string_view name = class_name(class_of(module));
  constexpr std::string_view suffix = " (module)";
  if (name.ends_with(suffix))
    name.remove_suffix(suffix.size());
  return name;
}

// Whether set_attribute may add attributes to `value`
// (stdlib/added_attributes.h): heap objects that messages copy once each,
// so that the attributes can travel with them (P7). Permanent objects
// (prototypes, modules, constants) are shared by every process, and
// Integers, Floats and Strings are values.
bool can_add_attributes(InkoValue value) {
  if (inko::is_small(value) ||
      (inko::as<const InkoHeader>(value)->flags & INKO_HEADER_PERMANENT) != 0)
    return false;
  switch (inko::kind_of(value)) {
  case INKO_KIND_OBJECT:
  case INKO_KIND_ARRAY:
  case INKO_KIND_BYTE_ARRAY:
  case INKO_KIND_BLOCK:
    return true;
  default:
    return false;
  }
}

// The name/value Array of the attributes added to `subject`, or null.
InkoArray* added_attributes(InkoProcess* process, InkoValue subject) {
  inko::Heap* heap = inko::existing_heap(process);
  if (heap == nullptr || !can_add_attributes(subject))
    return nullptr;
  InkoValue attributes = heap->added_attributes().find(subject);
  return attributes != 0 ? inko::as<InkoArray>(attributes) : nullptr;
}

// The index in `attributes` of the value of the attribute `name`.
std::optional<uint64_t> added_value_index(const InkoArray* attributes, std::string_view name) {
  for (uint64_t i = 0; attributes != nullptr && i + 1 < attributes->length; i += 2) {
    if (inko::string_bytes(attributes->values[i]) == name)
      return i + 1;
  }
  return std::nullopt;
}

// Adds (or replaces) the attribute `name` of `subject`.
void add_attribute(InkoProcess* process, InkoValue subject, InkoValue name, InkoValue value) {
  InkoArray* attributes = added_attributes(process, subject);
  if (auto index = added_value_index(attributes, inko::string_bytes(name))) {
    attributes->values[*index] = value;
    return;
  }
  if (attributes == nullptr) {
    // Allocated before the entry exists: only the stack keeps it alive.
    attributes = inko::array_new(process, 2);
    inko::heap_of(process).added_attributes().set(subject, reinterpret_cast<InkoValue>(attributes));
    process->has_added_attributes = true;
  }
  inko::array_push(process, attributes, name);
  inko::array_push(process, attributes, value);
}

} // namespace

extern "C" {
// The generated program's function table (abi.h); absent in the runtime's
// own unit tests.
#pragma weak inko_function_table
#pragma weak inko_function_count

// What BlockMirror reports of a block (0.8's block_metadata): 0 its name
// ("<block>", "<lambda>" or the method's), 1 its source file, 2 its line,
// 3 its parameter names, 4 how many parameters are required.
InkoValue inko_intrinsic_mirror_block_metadata(InkoProcess* process, InkoValue block,
                                               InkoValue field) {
  const InkoFunctionInfo* info = block_function(block);
  switch (inko::small_of(field)) {
  case 0:
    return inko::stdlib::string(process, info != nullptr ? info->name : "<block>");
  case 1:
    return inko::stdlib::string(process, info != nullptr ? info->file : "");
  case 2:
    return inko::small_value(info != nullptr ? static_cast<int64_t>(info->line) : 0);
  case 3: {
    InkoArray* names = inko::array_new(process, info != nullptr ? info->argument_count : 0);
    const char* name = info != nullptr ? info->argument_names : nullptr;
    for (uint32_t i = 0; name != nullptr && i < info->argument_count; ++i) {
      std::string_view text(name);
      inko::array_push(process, names, inko::stdlib::string(process, text));
      name += text.size() + 1;
    }
    return reinterpret_cast<InkoValue>(names);
  }
  default:
    return inko::small_value(info != nullptr ? info->required_arguments : 0);
  }
}

// The name of the value's class (the object's name for instances).
InkoValue inko_intrinsic_mirror_class_name(InkoProcess* process, InkoValue value) {
  return inko::stdlib::string(process, class_name(class_of(value)));
}

// The source file of a module object: the file of the function holding the
// module's top-level code, which the function table names after the module
// (the class is "<name> (module)"). '' when the value is no module or the
// table does not know it.
InkoValue inko_intrinsic_mirror_module_source(InkoProcess* process, InkoValue module) {
  const InkoFunctionInfo* body =
      inko::kind_of(module) == INKO_KIND_MODULE ? module_body(module_name(module)) : nullptr;
  return inko::stdlib::string(process, body != nullptr ? body->file : "");
}

// The InkoKind of the value's class, as an Integer.
InkoValue inko_intrinsic_mirror_kind(InkoProcess*, InkoValue value) {
  return inko::small_value(static_cast<int64_t>(inko::kind_of(value)));
}

// True if `subject` is an instance of the object whose prototype is
// `prototype` (its exact class; every value is an instance of Object).
InkoValue inko_intrinsic_mirror_instance_of(InkoProcess*, InkoValue subject, InkoValue prototype) {
  const InkoClass* instances = instances_of_prototype(prototype);
  if (instances == nullptr)
    return inko::false_value();
  if (instances == &inko_class_object)
    return inko::true_value();
  // Every module has a class of its own; all are instances of Module.
  if (instances == &inko_class_module)
    return inko::boolean_value(inko::kind_of(subject) == INKO_KIND_MODULE);
  return inko::boolean_value(class_of(subject) == instances);
}

// The object `subject` is an instance of: its prototype for instances,
// Module for modules, Object for prototypes and traits, Nil for Object
// itself.
InkoValue inko_intrinsic_mirror_prototype(InkoProcess*, InkoValue subject) {
  const InkoClassReflection* object = reflection_of(&inko_class_object);
  InkoValue object_prototype = object != nullptr ? object->prototype : inko::nil_value();
  const InkoClass* instances = instances_of_prototype(subject);
  if (instances == &inko_class_object)
    return inko::nil_value();
  if (instances != nullptr)
    return object_prototype;
  if (inko::kind_of(subject) == INKO_KIND_MODULE) {
    const InkoClassReflection* module = reflection_of(&inko_class_module);
    return module != nullptr ? module->prototype : object_prototype;
  }
  const InkoClassReflection* reflection = reflection_of(class_of(subject));
  return reflection != nullptr ? reflection->prototype : object_prototype;
}

// The names of the attributes stored on `subject`: an instance's declared
// attributes in slot order; a prototype's name (and traits) attributes.
InkoValue inko_intrinsic_mirror_attribute_names(InkoProcess* process, InkoValue subject) {
  InkoArray* names = inko::array_new(process, 2);
  InkoValue result = reinterpret_cast<InkoValue>(names);
  if (instances_of_prototype(subject) != nullptr) {
    inko::array_push(process, names, inko::stdlib::string(process, kObjectNameAttribute));
    if (has_traits(described_by(subject)))
      inko::array_push(process, names, inko::stdlib::string(process, kTraitsAttribute));
    return result;
  }
  const InkoClassReflection* reflection = reflection_of(class_of(subject));
  if (inko::kind_of(subject) == INKO_KIND_OBJECT) {
    for (uint64_t i = 0; reflection != nullptr && i < reflection->attribute_count; ++i)
      inko::array_push(process, names,
                       inko::stdlib::string(process, reflection->attribute_names[i]));
  }
  if (const InkoArray* added = added_attributes(process, subject)) {
    for (uint64_t i = 0; i + 1 < added->length; i += 2)
      inko::array_push(process, names, added->values[i]);
  }
  return result;
}

// The traits `subject` (or, for a prototype, its instances) implements.
InkoValue inko_intrinsic_mirror_implemented_traits(InkoProcess* process, InkoValue subject) {
  const InkoClassReflection* reflection = described_by(subject);
  uint64_t count = reflection != nullptr ? reflection->trait_count : 0;
  return inko_array_from_values(process, count, count > 0 ? reflection->traits : nullptr);
}

// The value of attribute `name`, or Nil: declared attributes of instances,
// the object name and traits that 0.8 stores on every prototype, and
// methods (as Blocks only BlockMirror can use).
InkoValue inko_intrinsic_mirror_get_attribute(InkoProcess* process, InkoValue subject,
                                              InkoValue name) {
  std::string_view wanted = inko::string_argument(process, name, "attribute name");
  int64_t slot = slot_of(subject, wanted);
  if (slot >= 0)
    return inko::as<InkoObject>(subject)->slots[slot];
  InkoArray* added = added_attributes(process, subject);
  if (auto index = added_value_index(added, wanted))
    return added->values[*index];
  if (wanted == kObjectNameAttribute && instances_of_prototype(subject) != nullptr)
    return inko::stdlib::string(process, prototype_name(subject));
  if (wanted == kTraitsAttribute && instances_of_prototype(subject) != nullptr &&
      has_traits(described_by(subject)))
    return inko_intrinsic_mirror_implemented_traits(process, subject);
  if (wanted == kObjectNameAttribute && inko::kind_of(subject) == INKO_KIND_OBJECT)
    return inko::stdlib::string(process, class_name(class_of(subject)));
  // Methods: those of a prototype's instances, or of the value's class.
  const InkoClass* instances = instances_of_prototype(subject);
  if (const InkoFunctionInfo* method =
          method_named(instances != nullptr ? instances : class_of(subject), wanted))
    return method_block(process, subject, *method);
  return inko::nil_value();
}

// Sets a declared attribute of an instance, or adds the attribute to an
// object, array, byte array or block of the process's heap. Anything else
// (Integers, Floats, Strings, permanent objects) panics.
InkoValue inko_intrinsic_mirror_set_attribute(InkoProcess* process, InkoValue subject,
                                              InkoValue name, InkoValue value) {
  std::string_view wanted = inko::string_argument(process, name, "attribute name");
  if (!can_add_attributes(subject)) {
    std::string_view owner = instances_of_prototype(subject) != nullptr
                                 ? prototype_name(subject)
                                 : class_name(class_of(subject));
    std::string message = "The attribute " + std::string(wanted) + " can not be set on " +
                          std::string(owner) +
                          ": only objects, arrays, byte arrays and blocks a process " +
                          "created can have their attributes set";
    inko_process_panic_bytes(process, message.data(), message.size());
  }
  int64_t slot = slot_of(subject, wanted);
  if (slot >= 0)
    inko::as<InkoObject>(subject)->slots[slot] = value;
  else
    add_attribute(process, subject, name, value);
  return value;
}

} // extern "C"
