#include "mir/program_state.h"

#include <algorithm>

namespace inko::mir {
namespace {

using check::BuiltinObject;

// InkoKind values (abi.h).
enum Kind : uint32_t {
  kKindObject = 0,
  kKindString,
  kKindInteger,
  kKindFloat,
  kKindBoolean,
  kKindNil,
  kKindArray,
  kKindByteArray,
  kKindBlock,
  kKindModule,
  kKindProcess,
};

// InkoCopyRule values (abi.h).
enum CopyRule : uint32_t {
  kCopyDeep = 0,
  kCopyRefuseOpen,
  kCopyDuplicateFd,
};

struct BuiltinClass {
  BuiltinObject builtin;
  const char* symbol;
  uint32_t kind;
};

// The classes generated code defines for the runtime (abi.h).
constexpr BuiltinClass kBuiltinClasses[] = {
    {BuiltinObject::Object, "inko_class_object", kKindObject},
    {BuiltinObject::Trait, "inko_class_trait", kKindObject},
    {BuiltinObject::Boolean, "inko_class_boolean", kKindBoolean},
    {BuiltinObject::NilType, "inko_class_nil", kKindNil},
    {BuiltinObject::Integer, "inko_class_integer", kKindInteger},
    {BuiltinObject::Float, "inko_class_float", kKindFloat},
    {BuiltinObject::String, "inko_class_string", kKindString},
    {BuiltinObject::Array, "inko_class_array", kKindArray},
    {BuiltinObject::ByteArray, "inko_class_byte_array", kKindByteArray},
    {BuiltinObject::Block, "inko_class_block", kKindBlock},
    {BuiltinObject::Module, "inko_class_module", kKindModule},
};

} // namespace

ProgramBuilderState::ProgramBuilderState(const check::Program& checked,
                                         DiagnosticEngine& diagnostics, Program& program)
    : checked_(checked), diagnostics_(diagnostics), program_(program) {
  for (check::SelectorId id = 0; id < checked.selectors.size(); ++id)
    selector(id);
  selector_named("to_string");
  program.unknown_message_selector = selector_named("unknown_message");

  if (checked.builtins.nil != check::kNoObject) {
    nil_type = checked.objects[checked.builtins.nil].instance_type;
  }
  if (checked.builtins.string != check::kNoObject) {
    for (check::MethodId id : checked.objects[checked.builtins.string].methods) {
      if (checked.methods[id].name == "+")
        string_concat = id;
    }
  }
  compute_captures();
  reserve_classes();
}

uint32_t ProgramBuilderState::string(const std::string& text) {
  auto [found, inserted] = strings_.emplace(text, static_cast<uint32_t>(program_.strings.size()));
  if (inserted)
    program_.strings.push_back(text);
  return found->second;
}

uint32_t ProgramBuilderState::selector(check::SelectorId id) {
  return selector_named(checked_.selectors[id]);
}

uint32_t ProgramBuilderState::selector_named(const std::string& name) {
  auto [found, inserted] =
      selectors_.emplace(name, static_cast<uint32_t>(program_.selectors.size()));
  if (inserted)
    program_.selectors.push_back(name);
  return found->second;
}

void ProgramBuilderState::unsupported(SourceRange at, std::string_view what) {
  diagnostics_.report(DiagnosticKind::NotYetSupported, at, {what});
}

// A closure nested in another closure reaches outer locals through the
// cells of every block in between, so each block carries what its nested
// blocks need from outside it.
void ProgramBuilderState::compute_captures() {
  captures.resize(checked_.methods.size());
  for (check::MethodId id = 0; id < checked_.methods.size(); ++id) {
    captures[id] = checked_.methods[id].captures;
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (check::MethodId id = 0; id < checked_.methods.size(); ++id) {
      const check::Method& method = checked_.methods[id];
      check::MethodId outer = method.enclosing;
      if (outer == check::kNoMethod)
        continue;
      check::MethodKind kind = checked_.methods[outer].kind;
      if (kind != check::MethodKind::Closure && kind != check::MethodKind::Lambda)
        continue;
      for (check::LocalId local : captures[id]) {
        if (checked_.locals[local].owner == outer)
          continue;
        auto& list = captures[outer];
        if (std::find(list.begin(), list.end(), local) == list.end()) {
          list.push_back(local);
          changed = true;
        }
      }
    }
  }
}

void ProgramBuilderState::reserve_classes() {
  auto add = [&](std::string name, std::string symbol, uint32_t kind, uint32_t slots) {
    Class& klass = program_.classes.emplace_back();
    klass.name = std::move(name);
    klass.symbol = std::move(symbol);
    klass.kind = kind;
    klass.slot_count = slots;
    return static_cast<uint32_t>(program_.classes.size() - 1);
  };
  object_classes.assign(checked_.objects.size(), kNone);
  prototype_classes.assign(checked_.objects.size(), kNone);
  for (check::ObjectId id = 0; id < checked_.objects.size(); ++id) {
    const check::Object& object = checked_.objects[id];
    std::string symbol = "inko.class." + checked_.modules[object.module].name + "." + object.name;
    uint32_t kind = kKindObject;
    for (const BuiltinClass& builtin : kBuiltinClasses) {
      if (builtin.builtin == object.builtin && object.builtin != BuiltinObject::None) {
        symbol = builtin.symbol;
        kind = builtin.kind;
      }
    }
    object_classes[id] =
        add(object.name, symbol, kind, static_cast<uint32_t>(object.attributes.size()));
    set_copy_rule(program_.classes[object_classes[id]], object);
    prototype_classes[id] =
        add(object.name + " (prototype)", symbol + ".prototype", kKindObject, 0);
    program_.classes[object_classes[id]].prototype_class = prototype_classes[id];
  }
  // The runtime needs these even in a program without the prelude.
  for (const BuiltinClass& builtin : kBuiltinClasses) {
    bool present = false;
    for (const Class& klass : program_.classes)
      present |= klass.symbol == builtin.symbol;
    if (!present) {
      // "inko_class_integer" -> "integer"
      add(std::string(builtin.symbol).substr(11), builtin.symbol, builtin.kind, 0);
    }
  }
  trait_classes.assign(checked_.traits.size(), kNone);
  for (check::TraitId id = 0; id < checked_.traits.size(); ++id) {
    const check::Trait& trait = checked_.traits[id];
    trait_classes[id] =
        add(trait.name + " (trait)",
            "inko.trait." + checked_.modules[trait.module].name + "." + trait.name, kKindObject, 0);
  }
  module_classes.assign(checked_.modules.size(), kNone);
  for (check::ModuleId id = 0; id < checked_.modules.size(); ++id) {
    module_classes[id] = add(checked_.modules[id].name + " (module)",
                             "inko.module_class." + checked_.modules[id].name, kKindModule, 0);
  }
}

// Files and sockets are objects holding an OS descriptor in `@fd`; a
// message must not copy that number as plain data (PROCESSES P7): a file
// cannot be sent, a socket is duplicated. The traits they implement say
// which they are.
void ProgramBuilderState::set_copy_rule(Class& klass, const check::Object& object) const {
  const check::Attribute* descriptor = nullptr;
  for (const check::Attribute& attribute : object.attributes)
    if (attribute.name == "@fd")
      descriptor = &attribute;
  if (descriptor == nullptr)
    return;
  for (check::TypeId type : object.traits) {
    if (checked_.types[type].kind != check::TypeKind::Trait)
      continue;
    const check::Trait& trait = checked_.traits[checked_.types[type].id];
    const std::string& module = checked_.modules[trait.module].name;
    if (module == "std::fs::bits" && trait.name == "File")
      klass.copy_rule = kCopyRefuseOpen;
    else if (module == "std::net::bits" && trait.name == "Socket")
      klass.copy_rule = kCopyDuplicateFd;
    else
      continue;
    klass.descriptor_slot = descriptor->slot;
    return;
  }
}

void ProgramBuilderState::fill_table(Class& klass, const std::vector<check::MethodId>& methods) {
  for (check::MethodId id : methods) {
    const check::Method& method = checked_.methods[id];
    if (method.kind == check::MethodKind::Required)
      continue;
    auto found = selectors_.find(method.name);
    // Only messages some code sends dynamically need a table entry.
    if (found == selectors_.end())
      continue;
    bool present = false;
    for (auto& [selector, function] : klass.methods)
      present |= selector == found->second;
    if (!present)
      klass.methods.emplace_back(found->second, id);
  }
}

void ProgramBuilderState::describe_objects() {
  for (check::ObjectId id = 0; id < checked_.objects.size(); ++id) {
    const check::Object& object = checked_.objects[id];
    Class& klass = program_.classes[object_classes[id]];
    for (const check::Attribute& attribute : object.attributes)
      klass.attribute_names.push_back(attribute.name);
    for (check::TypeId trait : object.traits) {
      const check::Type& type = checked_.types[trait];
      if (type.kind == check::TypeKind::Trait && type.id < trait_classes.size())
        klass.trait_classes.push_back(trait_classes[type.id]);
    }
  }
}

void ProgramBuilderState::build_classes() {
  const std::vector<check::MethodId>* object_methods = nullptr;
  if (checked_.builtins.object != check::kNoObject) {
    object_methods = &checked_.objects[checked_.builtins.object].methods;
  }
  for (check::ObjectId id = 0; id < checked_.objects.size(); ++id) {
    const check::Object& object = checked_.objects[id];
    Class& klass = program_.classes[object_classes[id]];
    fill_table(klass, object.methods);
    // Every prototype chain ends in Object (L50): flatten it in.
    if (object_methods != nullptr)
      fill_table(klass, *object_methods);
    // A prototype (`Foo` itself) is an object too (L50): Object's methods
    // come after its static methods.
    fill_table(program_.classes[prototype_classes[id]], object.static_methods);
    if (object_methods != nullptr)
      fill_table(program_.classes[prototype_classes[id]], *object_methods);
  }
  describe_objects();
  for (check::TraitId id = 0; id < checked_.traits.size(); ++id) {
    fill_table(program_.classes[trait_classes[id]], checked_.traits[id].static_methods);
    if (object_methods != nullptr)
      fill_table(program_.classes[trait_classes[id]], *object_methods);
  }
  for (check::ModuleId id = 0; id < checked_.modules.size(); ++id) {
    fill_table(program_.classes[module_classes[id]], checked_.modules[id].methods);
    // Every module is an instance of Module (`impl Mirrored for Module`).
    if (checked_.builtins.module != check::kNoObject)
      fill_table(program_.classes[module_classes[id]],
                 checked_.objects[checked_.builtins.module].methods);
    if (object_methods != nullptr)
      fill_table(program_.classes[module_classes[id]], *object_methods);
  }
}

} // namespace inko::mir
