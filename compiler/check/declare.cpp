// Declarations: built-in objects, imports, objects, traits, implementations,
// reopened objects and method signatures (LANGUAGE §3, §4, L62/L63). Bodies
// are checked later (blocks.cpp), after every signature of the module exists.
#include "check/checker_impl.h"
#include "lex/lexer.h"

namespace inko::check {
namespace {

using lex::is_constant_name;

bool is_reserved_constant(std::string_view name) {
  return name == "Self" || name == "Never" || name == "ThisModule" || name == "_INKOC";
}

// `_INKOC.module_prototype`: the value std::module names `Module`.
bool is_module_prototype(const parse::Tree& t, NodeId value) {
  if (t.kind(value) != NodeKind::Send || t.text(value) != "module_prototype")
    return false;
  NodeId receiver = t.child(value, 0);
  return t.kind(receiver) == NodeKind::Constant && t.text(receiver) == "_INKOC";
}

// Appends a definition (an Object or a Trait) and its empty instance and
// static method tables, which are indexed by the same id; returns the id.
template <typename Definition>
uint32_t append_definition(std::vector<Definition>& definitions,
                           std::vector<MethodTable>& instance_methods,
                           std::vector<MethodTable>& static_methods, std::string name,
                           ModuleId module, SourceRange range) {
  Definition definition;
  definition.name = std::move(name);
  definition.module = module;
  definition.range = range;
  definitions.push_back(std::move(definition));
  instance_methods.emplace_back();
  static_methods.emplace_back();
  return static_cast<uint32_t>(definitions.size() - 1);
}

} // namespace

extern const IntrinsicInfo kIntrinsicTable[];
const IntrinsicInfo kIntrinsicTable[] = {
#define INTRINSIC(name, inko_name, symbol, result, ...) {inko_name, symbol, result, {__VA_ARGS__}},
#include "check/intrinsics.def"
};

const IntrinsicInfo& intrinsic_info(IntrinsicId id) {
  return kIntrinsicTable[static_cast<size_t>(id)];
}

StringId Checker::intern_string(std::string_view text) {
  auto [it, inserted] =
      string_index_.emplace(std::string(text), static_cast<StringId>(program_.strings.size()));
  if (inserted)
    program_.strings.emplace_back(text);
  return it->second;
}

SelectorId Checker::selector(std::string_view name) {
  auto [it, inserted] = selector_index_.emplace(std::string(name),
                                                static_cast<SelectorId>(program_.selectors.size()));
  if (inserted)
    program_.selectors.emplace_back(name);
  return it->second;
}

// The objects of core::bootstrap exist before any module is checked, so that
// even a program checked without the prelude knows Integer and String.
void Checker::create_builtins() {
  Type type;
  type.kind = TypeKind::Error;
  error_ = intern(type);
  type.kind = TypeKind::Never;
  never_ = intern(type);
  type.kind = TypeKind::Any;
  any_ = intern(type);
  type.kind = TypeKind::SelfType;
  self_ = intern(type);

  auto make = [this](const char* name, BuiltinObject builtin, bool generic = false) {
    ObjectId id = add_object(name, bootstrap_ != modules::kNoModule ? bootstrap_ : graph_.main);
    program_.objects[id].builtin = builtin;
    std::vector<TypeId> args;
    if (generic) {
      TypeParam param;
      param.name = "T";
      param.object = id;
      program_.type_params.push_back(param);
      TypeParamId param_id = static_cast<TypeParamId>(program_.type_params.size() - 1);
      program_.objects[id].type_params.push_back(param_id);
      args.push_back(param_type(param_id));
    }
    program_.objects[id].instance_type = object_type(id, args);
    program_.objects[id].meta_type = meta_type(id, false);
    return id;
  };
  Builtins& b = program_.builtins;
  b.object = make("Object", BuiltinObject::Object);
  b.trait = make("Trait", BuiltinObject::Trait);
  b.boolean = make("Boolean", BuiltinObject::Boolean);
  b.nil = make("NilType", BuiltinObject::NilType);
  b.integer = make("Integer", BuiltinObject::Integer);
  b.float_ = make("Float", BuiltinObject::Float);
  b.string = make("String", BuiltinObject::String);
  b.array = make("Array", BuiltinObject::Array, true);
  b.byte_array = make("ByteArray", BuiltinObject::ByteArray);
  b.block = make("Block", BuiltinObject::Block);
  b.module = make("Module", BuiltinObject::Module);
  nil_ = program_.objects[b.nil].instance_type;
  boolean_ = program_.objects[b.boolean].instance_type;
  integer_ = program_.objects[b.integer].instance_type;
  float_ = program_.objects[b.float_].instance_type;
  string_ = program_.objects[b.string].instance_type;
  object_ = program_.objects[b.object].instance_type;
}

void Checker::bind_global(ModuleId id, const std::string& name, Symbol symbol, SourceRange range,
                          bool exported) {
  ModuleState& state = modules_[id];
  if (is_reserved_constant(name)) {
    error(DiagnosticKind::ReservedConstant, range, {name});
    return;
  }
  auto found = state.globals.find(name);
  if (found != state.globals.end() && state.exports.count(name) + state.imported.count(name) > 0) {
    error(DiagnosticKind::GlobalRedefined, range, {name});
    return;
  }
  state.globals[name] = symbol;
  if (exported) {
    state.exports[name] = symbol;
  } else {
    state.imported.insert(name);
  }
}

// L41: every import form binds names in the importing module.
void Checker::bind_import(ModuleId id, NodeId import, ModuleId target) {
  if (target == modules::kNoModule)
    return;
  const parse::Tree& t = tree();
  uint32_t count = t.child_count(import);
  NodeId last = t.child(import, count - 1);
  const std::string& target_name = graph_[target].name;
  std::string short_name = target_name.substr(target_name.rfind(':') + 1);
  if (target_name.find(':') == std::string::npos)
    short_name = target_name;
  Symbol module_symbol{SymbolKind::Module, target};
  if (t.kind(last) == NodeKind::ImportSegment) {
    bind_global(id, short_name, module_symbol, t.range(import), false);
    return;
  }
  for (uint32_t i = 0; i < count; ++i) {
    NodeId child = t.child(import, i);
    NodeKind kind = t.kind(child);
    if (kind == NodeKind::ImportSegment)
      continue;
    if (kind == NodeKind::ImportGlob) {
      for (auto& [name, symbol] : modules_[target].exports) {
        if (modules_[id].globals.count(name) == 0 || modules_[id].exports.count(name) == 0)
          bind_global(id, name, symbol, t.range(child), false);
      }
      continue;
    }
    std::string name(t.text(child));
    std::string alias = name;
    if (t.child_count(child) > 0)
      alias = std::string(t.text(t.child(child, 0)));
    if (name == "self") {
      if (t.child_count(child) == 0)
        alias = short_name;
      if (alias != "_")
        bind_global(id, alias, module_symbol, t.range(child), false);
      continue;
    }
    auto found = modules_[target].exports.find(name);
    if (found == modules_[target].exports.end()) {
      if (!is_constant_name(name) && modules_[target].methods.count(name) > 0) {
        error(DiagnosticKind::ImportMethod, t.range(child), {target_name, name});
      } else {
        error(DiagnosticKind::ImportUndefined, t.range(child), {target_name, name});
      }
      continue;
    }
    if (alias != "_")
      bind_global(id, alias, found->second, t.range(child), false);
  }
}

void Checker::declare_type_params(std::vector<TypeParamId>& out, NodeId node, ObjectId object,
                                  TraitId trait, MethodId method) {
  create_type_params(out, node, object, trait, method);
  resolve_type_param_bounds(out, node);
}

void Checker::create_type_params(std::vector<TypeParamId>& out, NodeId node, ObjectId object,
                                 TraitId trait, MethodId method) {
  const parse::Tree& t = tree();
  if (t.is_empty(node))
    return;
  for (uint32_t i = 0; i < t.child_count(node); ++i) {
    NodeId param_node = t.child(node, i);
    TypeParam param;
    param.name = std::string(t.text(param_node));
    param.object = object;
    param.trait = trait;
    param.method = method;
    param.index = i;
    param.range = t.token_range(param_node);
    program_.type_params.push_back(std::move(param));
    out.push_back(static_cast<TypeParamId>(program_.type_params.size() - 1));
  }
}

// `params` ends with the parameters created from `node`. Bounds may mention
// the parameters themselves, so they are resolved once all exist.
void Checker::resolve_type_param_bounds(const std::vector<TypeParamId>& params, NodeId node) {
  const parse::Tree& t = tree();
  if (t.is_empty(node))
    return;
  size_t first = params.size() - t.child_count(node);
  for (uint32_t i = 0; i < t.child_count(node); ++i)
    type_scope_.push_back(params[first + i]);
  for (uint32_t i = 0; i < t.child_count(node); ++i) {
    NodeId param_node = t.child(node, i);
    TypeParamId id = params[first + i];
    for (uint32_t b = 0; b < t.child_count(param_node); ++b) {
      TypeId bound = resolve_type(t.child(param_node, b));
      if (ty(bound).kind == TypeKind::Trait) {
        program_.type_params[id].bounds.push_back(bound);
      } else if (ty(bound).kind == TypeKind::Any) {
        // Every value implements Any (L58): as a bound it adds nothing.
      } else if (!is_error(bound)) {
        error(DiagnosticKind::BoundNotTrait, range(t.child(param_node, b)), {name_of(bound)});
      }
    }
  }
  type_scope_.resize(type_scope_.size() - t.child_count(node));
}

void Checker::add_method(MethodTable& table, std::vector<MethodId>& list, MethodId method) {
  auto [it, inserted] = table.emplace(program_.methods[method].name, method);
  if (!inserted) {
    for (MethodId& existing : list) {
      if (existing == it->second)
        existing = method;
    }
    it->second = method;
    return;
  }
  list.push_back(method);
}

ObjectId Checker::add_object(std::string name, ModuleId module, SourceRange range) {
  return append_definition(program_.objects, object_methods_, object_static_, std::move(name),
                           module, range);
}

TraitId Checker::add_trait(std::string name, ModuleId module, SourceRange range) {
  return append_definition(program_.traits, trait_methods_, trait_static_, std::move(name), module,
                           range);
}

// Pass 1: the names a module defines, so that every signature can use them.
void Checker::declare_names(ModuleId id) {
  const parse::Tree& t = tree();
  ModuleState& state = modules_[id];
  const Builtins& b = program_.builtins;
  for (ObjectId object : {b.object, b.trait, b.boolean, b.nil, b.integer, b.float_, b.string,
                          b.array, b.byte_array, b.block})
    state.globals[program_.objects[object].name] = {SymbolKind::Object, object};
  state.globals["True"] = {SymbolKind::True};
  state.globals["False"] = {SymbolKind::False};
  state.globals["Nil"] = {SymbolKind::Nil};
  if (id == bootstrap_) {
    for (auto& [name, symbol] : state.globals)
      state.exports[name] = symbol;
  }
  // L43: the prelude's names, once the prelude has finished loading.
  if (prelude_ != modules::kNoModule && prelude_done_) {
    for (auto& [name, symbol] : modules_[prelude_].exports) {
      if (symbol.kind != SymbolKind::Module)
        state.globals[name] = symbol;
    }
  }

  uint32_t import_index = 0;
  for (uint32_t i = 0; i < t.child_count(t.root); ++i) {
    NodeId item = t.child(t.root, i);
    if (t.kind(item) == NodeKind::Import)
      bind_import(id, item, graph_[id].imports[import_index++]);
  }
  for (uint32_t i = 0; i < t.child_count(t.root); ++i) {
    NodeId item = t.child(t.root, i);
    std::string name(t.text(item));
    switch (t.kind(item)) {
    case NodeKind::ObjectDef: {
      ObjectId object = add_object(name, id, t.token_range(item));
      program_.modules[id].objects.push_back(object);
      bind_global(id, name, {SymbolKind::Object, object}, t.token_range(item), true);
      object_nodes_.emplace_back(object, item);
      break;
    }
    case NodeKind::TraitDef: {
      TraitId trait = add_trait(name, id, t.token_range(item));
      program_.modules[id].traits_defined.push_back(trait);
      bind_global(id, name, {SymbolKind::Trait, trait}, t.token_range(item), true);
      trait_nodes_.emplace_back(trait, item);
      if (name == "UnknownMessage" && graph_[id].name == "std::unknown_message")
        unknown_message_trait_ = trait;
      if (name == "ToString" && graph_[id].name == "std::conversion")
        to_string_trait_ = trait;
      break;
    }
    case NodeKind::Let: {
      // `let Alias = Object` defines a name usable in types too (std::io's
      // `let Error = StandardError`).
      NodeId value = t.child(item, 1);
      // std::module's `let Module = _INKOC.module_prototype` names the
      // built-in object of modules, so that `impl Mirrored for Module`
      // reaches every module (STDLIB std::mirror: ModuleMirror).
      if (is_constant_name(name) && is_module_prototype(t, value)) {
        bind_global(id, name, {SymbolKind::Object, program_.builtins.module}, t.token_range(item),
                    true);
        aliases_.insert(alias_key(id, item));
        break;
      }
      if (is_constant_name(name) && t.kind(value) == NodeKind::Constant) {
        auto found = state.globals.find(std::string(t.text(value)));
        if (found != state.globals.end() &&
            (found->second.kind == SymbolKind::Object || found->second.kind == SymbolKind::Trait)) {
          if (t[item].flags & parse::FlagMutable)
            error(DiagnosticKind::MutableConstant, t.token_range(item), {});
          bind_global(id, name, found->second, t.token_range(item), true);
          aliases_.insert(alias_key(id, item));
          break;
        }
      }
      if (is_constant_name(name))
        state.value_constants.emplace(name);
      break;
    }
    default:
      break;
    }
  }
}

void Checker::declare_module(ModuleId id) {
  module_ = id;
  Module& module = program_.modules[id];
  module.name = graph_[id].name;
  Type type;
  type.kind = TypeKind::Module;
  type.id = id;
  module.type = intern(type);
  object_nodes_.clear();
  trait_nodes_.clear();
  declare_names(id);
  declare_items(id);
}

// Pass 2: type parameters, attributes, signatures and implementations.
void Checker::declare_items(ModuleId id) {
  const parse::Tree& t = tree();
  // Every object's and trait's parameters exist before any bound is
  // resolved: an object's bound may name a generic trait of the module
  // (`object Heap!(T: Compare!(T))`), whose parameters are created below.
  for (auto [object, node] : object_nodes_) {
    create_type_params(program_.objects[object].type_params, t.child(node, 0), object, kNone,
                       kNoMethod);
    std::vector<TypeId> args;
    for (TypeParamId param : program_.objects[object].type_params)
      args.push_back(param_type(param));
    program_.objects[object].instance_type = object_type(object, args);
    program_.objects[object].meta_type = meta_type(object, false);
  }
  for (auto [trait, node] : trait_nodes_) {
    create_type_params(program_.traits[trait].type_params, t.child(node, 0), kNoObject, trait,
                       kNoMethod);
    std::vector<TypeId> args;
    for (TypeParamId param : program_.traits[trait].type_params)
      args.push_back(param_type(param));
    program_.traits[trait].instance_type = trait_type(trait, args);
  }
  for (auto [object, node] : object_nodes_)
    resolve_type_param_bounds(program_.objects[object].type_params, t.child(node, 0));
  for (auto [trait, node] : trait_nodes_)
    resolve_type_param_bounds(program_.traits[trait].type_params, t.child(node, 0));
  for (auto [trait, node] : trait_nodes_) {
    NodeId requirements = t.child(node, 1);
    if (t.is_empty(requirements))
      continue;
    type_scope_ = program_.traits[trait].type_params;
    for (uint32_t i = 0; i < t.child_count(requirements); ++i) {
      NodeId required_node = t.child(requirements, i);
      TypeId required = resolve_type(required_node);
      if (ty(required).kind != TypeKind::Trait)
        continue;
      // Requirements form no cycle, so walking them (trait_requires) ends.
      if (trait_requires(ty(required).id, trait)) {
        error(DiagnosticKind::CyclicTraitRequirement, t.token_range(required_node),
              {program_.traits[trait].name, program_.traits[ty(required).id].name});
        continue;
      }
      program_.traits[trait].requirements.push_back(required);
    }
    type_scope_.clear();
    declaring_self_ = kNoType;
  }
  for (auto [object, node] : object_nodes_)
    declare_object(id, object, node);
  for (auto [trait, node] : trait_nodes_)
    declare_trait(id, trait, node);
  for (uint32_t i = 0; i < t.child_count(t.root); ++i) {
    NodeId item = t.child(t.root, i);
    switch (t.kind(item)) {
    case NodeKind::ImplTrait:
      declare_impl(id, item);
      break;
    case NodeKind::ImplReopen:
      declare_reopen(id, item);
      break;
    case NodeKind::MethodDef: {
      MethodId method = declare_method(id, item, MethodKind::ModuleMethod, kNoObject, kNone,
                                       program_.modules[id].type);
      program_.methods[method].owner_module = id;
      add_method(modules_[id].methods, program_.modules[id].methods, method);
      break;
    }
    case NodeKind::RequiredMethod:
      error(DiagnosticKind::RequiredMethodOutsideTrait, t.token_range(item), {});
      break;
    default:
      break;
    }
  }
}

// The object is passed in, not looked up by name: a reserved or redefined
// name is never exported, or names another object.
void Checker::declare_object(ModuleId id, ObjectId object, NodeId node) {
  const parse::Tree& t = tree();
  Object& definition = program_.objects[object];
  type_scope_ = definition.type_params;
  declaring_self_ = definition.instance_type;
  bool defines_new = false;
  for (uint32_t i = 1; i < t.child_count(node); ++i) {
    NodeId item = t.child(node, i);
    switch (t.kind(item)) {
    case NodeKind::AttributeDecl: {
      std::string name(t.text(item));
      TypeId type = resolve_type(t.child(item, 0));
      Object& o = program_.objects[object];
      bool duplicate = false;
      for (const Attribute& attribute : o.attributes)
        duplicate |= attribute.name == name;
      if (duplicate) {
        error(DiagnosticKind::AttributeRedefined, t.token_range(item), {name});
        break;
      }
      o.attributes.push_back(
          {name, type, t.token_range(item), static_cast<uint32_t>(o.attributes.size())});
      break;
    }
    case NodeKind::MethodDef: {
      bool is_static = t[item].flags & parse::FlagStatic;
      MethodKind kind = is_static ? MethodKind::Static : MethodKind::Instance;
      TypeId self_type =
          is_static ? program_.objects[object].meta_type : program_.objects[object].instance_type;
      MethodId method = declare_method(id, item, kind, object, kNone, self_type);
      Object& o = program_.objects[object];
      MethodTable& table = is_static ? object_static_[object] : object_methods_[object];
      MethodTable& other = is_static ? object_methods_[object] : object_static_[object];
      const std::string& name = program_.methods[method].name;
      if (other.count(name) > 0)
        error(DiagnosticKind::StaticInstanceClash, t.token_range(item), {name});
      add_method(table, is_static ? o.static_methods : o.methods, method);
      if (name == "init" && !is_static)
        o.init = method;
      if (name == "new" && is_static) {
        defines_new = true;
        o.new_method = method;
      }
      break;
    }
    case NodeKind::RequiredMethod:
      error(DiagnosticKind::RequiredMethodOutsideTrait, t.token_range(item), {});
      break;
    default:
      break;
    }
  }
  type_scope_.clear();
  declaring_self_ = kNoType;
  if (!defines_new)
    generate_new(object);
}

// L51: `static def new(<init params>) !! <init throw> -> Self`.
void Checker::generate_new(ObjectId object) {
  MethodId id = static_cast<MethodId>(program_.methods.size());
  Method method;
  method.name = "new";
  method.module = program_.objects[object].module;
  method.kind = MethodKind::GeneratedNew;
  method.owner_object = object;
  method.self_type = program_.objects[object].meta_type;
  method.return_type = self_;
  method.range = program_.objects[object].range;
  MethodId init = program_.objects[object].init;
  method.init = init;
  if (init != kNoMethod) {
    const Method& source = program_.methods[init];
    method.type_params = source.type_params;
    method.where = source.where;
    method.throw_type = source.throw_type;
    for (LocalId param : source.params) {
      Local copy = program_.locals[param];
      copy.owner = id;
      program_.locals.push_back(copy);
      method.params.push_back(static_cast<LocalId>(program_.locals.size() - 1));
      method.locals.push_back(method.params.back());
    }
  }
  program_.methods.push_back(std::move(method));
  method_node_.push_back(0);
  Object& o = program_.objects[object];
  o.new_method = id;
  add_method(object_static_[object], o.static_methods, id);
}

void Checker::declare_trait(ModuleId id, TraitId trait, NodeId node) {
  const parse::Tree& t = tree();
  type_scope_ = program_.traits[trait].type_params;
  for (uint32_t i = 2; i < t.child_count(node); ++i) {
    NodeId item = t.child(node, i);
    NodeKind kind = t.kind(item);
    if (kind != NodeKind::MethodDef && kind != NodeKind::RequiredMethod)
      continue;
    bool is_static = t[item].flags & parse::FlagStatic;
    MethodKind method_kind = kind == NodeKind::RequiredMethod ? MethodKind::Required
                             : is_static                      ? MethodKind::Static
                                                              : MethodKind::Instance;
    MethodId method =
        declare_method(id, item, method_kind, kNoObject, trait,
                       is_static ? meta_type(trait, true) : program_.traits[trait].instance_type);
    if (kind == NodeKind::RequiredMethod)
      check_required_defaults(id, method, item);
    Trait& definition = program_.traits[trait];
    if (is_static) {
      add_method(trait_static_[trait], definition.static_methods, method);
    } else {
      add_method(trait_methods_[trait], definition.methods, method);
    }
  }
  type_scope_.clear();
  declaring_self_ = kNoType;
}

void Checker::declare_reopen(ModuleId id, NodeId node) {
  const parse::Tree& t = tree();
  NodeId name_node = t.child(node, 0);
  const Symbol* symbol = find_global(t.text(name_node));
  if (symbol == nullptr) {
    // `Self` and `Never` are types but no objects (L7, L90).
    std::string_view name = t.text(name_node);
    bool not_object = name == "Self" || name == "Never" ||
                      modules_[id].value_constants.count(std::string(name)) > 0;
    error(not_object ? DiagnosticKind::ReopenNotObject : DiagnosticKind::UndefinedConstant,
          t.token_range(name_node), {name});
    return;
  }
  if (symbol->kind != SymbolKind::Object) {
    error(DiagnosticKind::ReopenNotObject, t.token_range(name_node), {t.text(name_node)});
    return;
  }
  ObjectId object = symbol->id;
  type_scope_ = program_.objects[object].type_params;
  declaring_self_ = program_.objects[object].instance_type;
  for (uint32_t i = 1; i < t.child_count(node); ++i) {
    NodeId item = t.child(node, i);
    if (t.kind(item) == NodeKind::RequiredMethod) {
      error(DiagnosticKind::RequiredMethodOutsideTrait, t.token_range(item), {});
      continue;
    }
    if (t.kind(item) != NodeKind::MethodDef)
      continue;
    bool is_static = t[item].flags & parse::FlagStatic;
    TypeId self_type =
        is_static ? program_.objects[object].meta_type : program_.objects[object].instance_type;
    MethodId method = declare_method(
        id, item, is_static ? MethodKind::Static : MethodKind::Instance, object, kNone, self_type);
    Object& o = program_.objects[object];
    add_method(is_static ? object_static_[object] : object_methods_[object],
               is_static ? o.static_methods : o.methods, method);
    if (!is_static && program_.methods[method].name == "init")
      o.init = method;
  }
  type_scope_.clear();
  declaring_self_ = kNoType;
}

// `impl X for Y`: an object X is not a trait, whatever its type arguments.
TypeId Checker::resolve_impl_trait(NodeId node) {
  const Symbol* symbol = find_global(tree().text(node));
  if (symbol != nullptr && symbol->kind == SymbolKind::Object) {
    error(DiagnosticKind::NotATrait, tree().token_range(node), {tree().text(node)});
    return error_;
  }
  return resolve_type(node);
}

void Checker::declare_impl(ModuleId id, NodeId node) {
  const parse::Tree& t = tree();
  NodeId trait_node = t.child(node, 0);
  NodeId object_node = t.child(node, 1);
  std::vector<NodeId> items;
  for (uint32_t i = 2; i < t.child_count(node); ++i)
    items.push_back(t.child(node, i));
  if (t.text(object_node) == "ThisModule") {
    TypeId trait = resolve_impl_trait(trait_node);
    if (ty(trait).kind != TypeKind::Trait) {
      if (!is_error(trait))
        error(DiagnosticKind::NotATrait, t.token_range(trait_node), {name_of(trait)});
      return;
    }
    program_.modules[id].traits.push_back(trait);
    // L57: the trait's default methods first; the impl's methods replace them.
    for (MethodId method : program_.traits[ty(trait).id].methods) {
      if (program_.methods[method].kind != MethodKind::Required)
        add_method(modules_[id].methods, program_.modules[id].methods, method);
    }
    for (NodeId item : items) {
      if (t.kind(item) != NodeKind::MethodDef)
        continue;
      MethodId method = declare_method(id, item, MethodKind::ModuleMethod, kNoObject, kNone,
                                       program_.modules[id].type);
      program_.methods[method].owner_module = id;
      add_method(modules_[id].methods, program_.modules[id].methods, method);
    }
    Bindings module_bindings;
    module_bindings.self = program_.modules[id].type;
    Bindings required_bindings = receiver_bindings(trait);
    required_bindings.self = module_bindings.self;
    for (MethodId method : program_.traits[ty(trait).id].methods) {
      const std::string& name = program_.methods[method].name;
      if (program_.methods[method].kind != MethodKind::Required)
        continue;
      auto found = modules_[id].methods.find(name);
      if (found == modules_[id].methods.end())
        error(DiagnosticKind::MethodNotImplemented, t.token_range(node),
              {name, program_.modules[id].name});
      else if (!signature_compatible(found->second, module_bindings, method, required_bindings))
        error(DiagnosticKind::IncompatibleImplementation, program_.methods[found->second].range,
              {name, program_.traits[ty(trait).id].name});
      else
        inherit_required_defaults(found->second, method);
    }
    return;
  }
  const Symbol* symbol = find_global(t.text(object_node));
  if (symbol == nullptr) {
    // `Self` and `Never` are types but no objects (L7, L90).
    std::string_view name = t.text(object_node);
    if (name == "Self" || name == "Never" ||
        modules_[id].value_constants.count(std::string(name)) > 0)
      error(DiagnosticKind::ImplForNonObject, t.token_range(object_node),
            {t.text(trait_node), name});
    else
      error(DiagnosticKind::UndefinedConstant, t.token_range(object_node), {name});
    return;
  }
  if (symbol->kind != SymbolKind::Object) {
    // `impl Shape for Shape`: this is an implementation, not a reopening.
    error(DiagnosticKind::ImplForNonObject, t.token_range(object_node),
          {t.text(trait_node), t.text(object_node)});
    return;
  }
  ObjectId object = symbol->id;
  type_scope_ = program_.objects[object].type_params;
  declaring_self_ = program_.objects[object].instance_type;
  TypeId trait = resolve_impl_trait(trait_node);
  if (ty(trait).kind != TypeKind::Trait) {
    if (!is_error(trait))
      error(DiagnosticKind::NotATrait, t.token_range(trait_node), {name_of(trait)});
    type_scope_.clear();
    declaring_self_ = kNoType;
    return;
  }
  implement_trait(object, trait, node, items, id);
  type_scope_.clear();
  declaring_self_ = kNoType;
}

// L57: record the trait, copy its default methods in, add the impl's methods,
// then every required method must be implemented.
void Checker::implement_trait(ObjectId object, TypeId trait, NodeId node,
                              std::span<const NodeId> items, ModuleId module) {
  const parse::Tree& t = tree();
  TraitId trait_id = ty(trait).id;
  const std::string object_name = name_of(program_.objects[object].instance_type);
  for (TypeId existing : program_.objects[object].traits) {
    if (ty(existing).id == trait_id) {
      error(DiagnosticKind::DuplicateImplementation, t.token_range(node),
            {program_.traits[trait_id].name, object_name});
      return;
    }
  }
  for (TypeId required : program_.traits[trait_id].requirements) {
    // Every object has Object's traits (Equal, Conditional, ...), so
    // `trait Node: Equal` is implementable by any object (L84.3, L84.4).
    bool from_object = object != program_.builtins.object &&
                       object_implements(program_.builtins.object, ty(required).id, {});
    if (!from_object && !object_implements(object, ty(required).id,
                                           args_of(program_.objects[object].instance_type))) {
      error(DiagnosticKind::TraitRequirementMissing, t.token_range(node),
            {program_.traits[trait_id].name, object_name, name_of(required)});
    }
  }
  // L57: `Self` in the trait's type arguments (`impl Add!(Self) for Meters`)
  // is the implementing type, so bounds like `T: Add!(T)` see Meters.
  Bindings implementing_self;
  implementing_self.self = program_.objects[object].instance_type;
  program_.objects[object].traits.push_back(subst(trait, implementing_self));
  // Default methods of the trait and of the traits it requires.
  for (MethodId method : program_.traits[trait_id].methods) {
    if (program_.methods[method].kind != MethodKind::Required)
      add_method(object_methods_[object], program_.objects[object].methods, method);
  }
  for (NodeId item : items) {
    if (t.kind(item) == NodeKind::RequiredMethod) {
      error(DiagnosticKind::RequiredMethodOutsideTrait, t.token_range(item), {});
      continue;
    }
    if (t.kind(item) != NodeKind::MethodDef)
      continue;
    bool is_static = t[item].flags & parse::FlagStatic;
    Object& o = program_.objects[object];
    TypeId self_type = is_static ? o.meta_type : o.instance_type;
    MethodId method =
        declare_method(module, item, is_static ? MethodKind::Static : MethodKind::Instance, object,
                       kNone, self_type);
    Object& again = program_.objects[object];
    add_method(is_static ? object_static_[object] : object_methods_[object],
               is_static ? again.static_methods : again.methods, method);
  }
  // L57: an implementation's `Self` is the object; the trait's parameters
  // are the impl's type arguments.
  Bindings implementation_bindings;
  implementation_bindings.self = program_.objects[object].instance_type;
  Bindings required_bindings = receiver_bindings(trait);
  required_bindings.self = implementation_bindings.self;
  for (auto& [param, arg] : required_bindings.params)
    arg = subst(arg, implementation_bindings); // impl Add!(Self) for Integer
  for (MethodId method : program_.traits[trait_id].methods) {
    if (program_.methods[method].kind != MethodKind::Required)
      continue;
    const std::string& name = program_.methods[method].name;
    auto found = object_methods_[object].find(name);
    bool implemented = found != object_methods_[object].end() &&
                       program_.methods[found->second].kind != MethodKind::Required;
    if (!implemented && object_methods_[program_.builtins.object].count(name) > 0 &&
        object != program_.builtins.object)
      implemented = true;
    if (!implemented) {
      error(DiagnosticKind::MethodNotImplemented, t.token_range(node), {name, object_name});
    } else if (found != object_methods_[object].end() &&
               !signature_compatible(found->second, implementation_bindings, method,
                                     required_bindings)) {
      error(DiagnosticKind::IncompatibleImplementation, program_.methods[found->second].range,
            {name, program_.traits[trait_id].name});
    } else if (found != object_methods_[object].end()) {
      inherit_required_defaults(found->second, method);
    }
  }
  for (MethodId method : program_.traits[trait_id].static_methods) {
    if (program_.methods[method].kind != MethodKind::Required) {
      add_method(object_static_[object], program_.objects[object].static_methods, method);
      continue;
    }
    const std::string& name = program_.methods[method].name;
    auto found = object_static_[object].find(name);
    if (found == object_static_[object].end())
      error(DiagnosticKind::MethodNotImplemented, t.token_range(node), {name, object_name});
    else if (!signature_compatible(found->second, implementation_bindings, method,
                                   required_bindings))
      error(DiagnosticKind::IncompatibleImplementation, program_.methods[found->second].range,
            {name, program_.traits[trait_id].name});
  }
}

// L56: required methods may not declare defaults. The standard library is
// the exception STDLIB.md needs (`Read.read_bytes(bytes, size: ?Integer =
// Nil)`): there a default must be the literal `Nil`, which implementations
// inherit (inherit_required_defaults), so a call through the trait type may
// omit the argument whatever implementation it reaches.
void Checker::check_required_defaults(ModuleId id, MethodId method, NodeId node) {
  const parse::Tree& t = tree();
  const std::string& module_name = program_.modules[id].name;
  bool standard_library = module_name.starts_with("std::") || module_name.starts_with("core::");
  NodeId params = t.child(node, 1);
  const std::vector<LocalId>& locals = program_.methods[method].params;
  for (uint32_t i = 0; i < locals.size(); ++i) {
    const Local& local = program_.locals[locals[i]];
    if (local.default_value == kNoExpr)
      continue;
    bool nil_literal = !t.is_empty(params) && i < t.child_count(params) &&
                       t.kind(t.child(t.child(params, i), 1)) == NodeKind::Constant &&
                       t.text(t.child(t.child(params, i), 1)) == "Nil";
    if (!standard_library || !nil_literal)
      error(DiagnosticKind::RequiredMethodDefault, local.range, {});
  }
}

// An implementation of a required method that declares `Nil` defaults
// (standard library only, see check_required_defaults) gets the same
// defaults where it declares none.
void Checker::inherit_required_defaults(MethodId implementation, MethodId required) {
  const std::vector<LocalId>& expected = program_.methods[required].params;
  const std::vector<LocalId>& given = program_.methods[implementation].params;
  for (size_t i = 0; i < expected.size() && i < given.size(); ++i) {
    Local& param = program_.locals[given[i]];
    if (program_.locals[expected[i]].default_value == kNoExpr || param.default_value != kNoExpr ||
        param.is_rest)
      continue;
    ExprId nil = add_expr(ExprKind::Nil, param.type, param.range);
    program_.locals[given[i]].default_value = nil;
  }
}

MethodId Checker::declare_method(ModuleId id, NodeId node, MethodKind kind, ObjectId object,
                                 TraitId trait, TypeId self_type) {
  const parse::Tree& t = tree();
  MethodId method_id = static_cast<MethodId>(program_.methods.size());
  {
    Method method;
    method.name = std::string(t.text(node));
    method.module = id;
    method.kind = kind;
    method.owner_object = object;
    method.owner_trait = trait;
    method.self_type = self_type;
    method.range = t.token_range(node);
    program_.methods.push_back(std::move(method));
    method_node_.push_back(node);
  }
  size_t scope_size = type_scope_.size();
  std::vector<TypeParamId> type_params;
  declare_type_params(type_params, t.child(node, 0), kNoObject, kNone, method_id);
  program_.methods[method_id].type_params = type_params;
  type_scope_.insert(type_scope_.end(), type_params.begin(), type_params.end());

  NodeId where = t.child(node, 4);
  if (!t.is_empty(where)) {
    for (uint32_t i = 0; i < t.child_count(where); ++i) {
      NodeId clause = t.child(where, i);
      TypeParamId param = find_type_param(t.text(clause));
      if (param == kNone) {
        error(DiagnosticKind::UndefinedConstant, t.token_range(clause), {t.text(clause)});
        continue;
      }
      WhereBound bound{param, {}};
      for (uint32_t b = 0; b < t.child_count(clause); ++b) {
        TypeId type = resolve_type(t.child(clause, b));
        if (ty(type).kind == TypeKind::Trait)
          bound.bounds.push_back(type);
      }
      program_.methods[method_id].where.push_back(std::move(bound));
    }
  }

  // Parameters (and their defaults, typed in the callee's scope).
  Frame frame;
  frame.method = method_id;
  frame.kind = kind;
  frame.self_type = self_type;
  frame.self_object = kind == MethodKind::Instance ? object : kNoObject;
  frame.scopes.emplace_back();
  Frame* saved = frame_;
  frame_ = &frame;
  declare_params(program_.methods[method_id], t.child(node, 1), false);
  frame_ = saved;

  NodeId throw_node = t.child(node, 2);
  if (!t.is_empty(throw_node))
    program_.methods[method_id].throw_type = resolve_type(throw_node);
  NodeId return_node = t.child(node, 3);
  program_.methods[method_id].return_type =
      t.is_empty(return_node) ? nil_ : resolve_type(return_node);
  type_scope_.resize(scope_size);

  Method& method = program_.methods[method_id];
  std::vector<TypeId> param_types;
  bool rest = false;
  for (LocalId param : method.params) {
    const Local& local = program_.locals[param];
    rest = local.is_rest;
    param_types.push_back(local.is_rest ? program_.type_arg(ty(local.type), 0) : local.type);
  }
  method.type =
      block_type(BlockKind::Method, param_types, rest, method.throw_type, method.return_type);
  if (t.kind(node) == NodeKind::MethodDef)
    pending_bodies_.push_back(method_id);
  return method_id;
}

// Parameters of a method or block literal (L63). Defaults are checked here,
// in a frame whose scope holds the earlier parameters.
void Checker::declare_params(Method& method_ref, NodeId params, bool is_block) {
  const parse::Tree& t = tree();
  if (t.is_empty(params))
    return;
  MethodId method_id = static_cast<MethodId>(&method_ref - program_.methods.data());
  if (t.child_count(params) > 255)
    error(DiagnosticKind::TooManyParameters, t.range(params), {});
  for (uint32_t i = 0; i < t.child_count(params); ++i) {
    NodeId param = t.child(params, i);
    NodeId type_node = t.child(param, 0);
    NodeId default_node = t.child(param, 1);
    bool rest = t[param].flags & parse::FlagRest;
    TypeId type = kNoType;
    if (!t.is_empty(type_node))
      type = resolve_type(type_node);
    ExprId default_value = kNoExpr;
    if (!t.is_empty(default_node) && !is_block && type != kNoType) {
      // The default may send messages declared later in the module (L63):
      // it is checked with the body; until then a placeholder marks it.
      if (rest)
        error(DiagnosticKind::RestWithDefault, t.token_range(param), {});
      default_value = add_expr(ExprKind::Nil, type, t.range(default_node));
      deferred_defaults_[method_id].push_back({i, default_node});
    } else if (!t.is_empty(default_node)) {
      if (rest)
        error(DiagnosticKind::RestWithDefault, t.token_range(param), {});
      default_value = check_expr(default_node, type);
      TypeId value_type = program_.exprs[default_value].type;
      if (type == kNoType) {
        type = value_type;
      } else {
        require_compatible(value_type, type, t.range(default_node));
      }
    }
    if (rest && i + 1 != t.child_count(params))
      error(DiagnosticKind::RestNotLast, t.token_range(param), {});
    if (type == kNoType) {
      if (!is_block)
        error(DiagnosticKind::ParamNeedsType, t.token_range(param), {});
      type = is_block ? kNoType : error_;
    }
    TypeId local_type = type;
    if (rest && type != kNoType)
      local_type = object_type(program_.builtins.array, std::array<TypeId, 1>{type});
    // Inside an object's method `Self` is the object; trait methods keep it
    // late bound (L90).
    if (frame_->self_object != kNoObject ||
        (frame_->kind == MethodKind::Static &&
         program_.methods[method_id].owner_object != kNoObject)) {
      Bindings self_binding;
      ObjectId owner = program_.methods[method_id].owner_object;
      self_binding.self = program_.objects[owner].instance_type;
      local_type = subst(local_type, self_binding);
    }
    LocalId local = declare_local(std::string(t.text(param)), local_type,
                                  t[param].flags & parse::FlagMutable, t.token_range(param));
    program_.locals[local].is_param = true;
    program_.locals[local].is_rest = rest;
    program_.locals[local].default_value = default_value;
    program_.methods[method_id].params.push_back(local);
  }
}

} // namespace inko::check
